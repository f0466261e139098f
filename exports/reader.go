package exports

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/ocu-project/ocu/db"
)

// reader reads every table of one export from a single snapshot of the
// database: a read transaction on one connection of the reader pool. The
// counts recorded in the audit trail, the rows written and the tallies of
// the cases all describe the same moment, whatever officers save during a
// long export. WAL mode lets the writer carry on meanwhile.
type reader struct {
	conn *sql.Conn
}

// beginRead opens the snapshot. The reader pool's DSN makes BEGIN mean
// BEGIN IMMEDIATE (a write lock) for database/sql transactions, which an
// export must not take for its whole length, so the transaction is begun
// by hand as a plain deferred BEGIN on a connection of its own.
func beginRead(ctx context.Context, d *db.DB) (*reader, error) {
	pool, err := d.Read.DB()
	if err != nil {
		return nil, err
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("export: begin read: %w", err)
	}
	rd := &reader{conn: conn}
	// A deferred transaction takes its snapshot at its first read: read now.
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM operations").Scan(&n); err != nil {
		rd.close()
		return nil, fmt.Errorf("export: begin read: %w", err)
	}
	return rd, nil
}

// close ends the snapshot and hands the connection back. A connection that
// cannot end its transaction is discarded rather than pooled: the next
// reader would otherwise see this export's stale snapshot for ever.
func (rd *reader) close() {
	// Not the request's context: it may be cancelled, and the transaction
	// must end all the same.
	if _, err := rd.conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		_ = rd.conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	_ = rd.conn.Close()
}

// count is the number of rows t will have.
func (rd *reader) count(ctx context.Context, pl *plan, t Table) (int, error) {
	if t == TableOperation {
		return 1, nil
	}
	q := pl.query(t)
	var n int
	err := rd.conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+q.from+" WHERE "+q.where, q.args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("export: count %s: %w", t, err)
	}
	return n, nil
}

// cursor walks one table's rows in export order, decoding each into cells
// that are reused from row to row: callers copy what they keep.
type cursor struct {
	rows    *sql.Rows
	cells   []cell
	decode  func([]cell) error // scans the current row into cells
	pending [][]cell           // rows that come from memory, not SQL (the operation)
}

// open starts reading t.
func (rd *reader) open(ctx context.Context, pl *plan, t Table) (*cursor, error) {
	c := &cursor{cells: make([]cell, len(schema[t]))}
	if t == TableOperation {
		c.pending = [][]cell{pl.operationRow()}
		return c, nil
	}
	q := pl.query(t)
	rows, err := rd.conn.QueryContext(ctx, "SELECT "+q.cols+" FROM "+q.from+" WHERE "+q.where+" ORDER BY "+q.order, q.args...)
	if err != nil {
		return nil, fmt.Errorf("export: read %s: %w", t, err)
	}
	c.rows = rows
	c.decode = pl.decoder(t, rows)
	return c, nil
}

// next moves to the next row, reporting false at the end.
func (c *cursor) next() (bool, error) {
	if c.rows == nil {
		if len(c.pending) == 0 {
			return false, nil
		}
		copy(c.cells, c.pending[0])
		c.pending = c.pending[1:]
		return true, nil
	}
	if !c.rows.Next() {
		return false, c.rows.Err()
	}
	return true, c.decode(c.cells)
}

func (c *cursor) close() {
	if c.rows != nil {
		_ = c.rows.Close()
	}
}

// each calls fn with every row of t, in order, and returns how many there
// were.
func (rd *reader) each(ctx context.Context, pl *plan, t Table, fn func([]cell) error) (int, error) {
	c, err := rd.open(ctx, pl, t)
	if err != nil {
		return 0, err
	}
	defer c.close()
	n := 0
	for {
		ok, err := c.next()
		if err != nil {
			return n, fmt.Errorf("export: read %s: %w", t, err)
		}
		if !ok {
			return n, nil
		}
		if err := fn(c.cells); err != nil {
			return n, err
		}
		n++
	}
}
