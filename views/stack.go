package views

// Tables marked class="stack" show each row as a card on a phone, each
// cell under its column's name, which the cell carries in data-label
// (static/css/app.css, "Phones"). These name the columns of tables whose
// columns are built from data.

// Label is the name of the countries table's column i ("" past the last).
func (t CountryTable) Label(i int) string {
	if i < 0 || i >= len(t.Columns) {
		return ""
	}
	return t.Columns[i].Label
}

// dayLabel names the returns grid's day column i ("" past the last).
func dayLabel(days []ReturnDay, i int) string {
	if i < 0 || i >= len(days) {
		return ""
	}
	return days[i].Label
}

// columnLabel names column i of a table whose columns are names ("" past
// the last).
func columnLabel(cols []string, i int) string {
	if i < 0 || i >= len(cols) {
		return ""
	}
	return cols[i]
}
