package views

import (
	"context"
	"strings"
)

// Chart geometry, in SVG user units; the SVG scales to its container.
const (
	chartWidth  = 320
	chartHeight = 160
	chartTop    = 18 // room for the value above the tallest bar
	chartBottom = 22 // room for the day labels
)

// NewChart lays out one bar per day for values, scaled to the largest.
// labels are the days as shown under the bars; values are formatted with
// Num above each bar.
func NewChart(ctx context.Context, id, title string, labels []string, values []int64) Chart {
	c := Chart{ID: id, Title: title, Width: chartWidth, Height: chartHeight}
	var top int64 = 1
	for _, v := range values {
		top = max(top, v)
	}
	c.Max = NumIn(ctx, top)
	n := max(len(values), 1)
	slot := chartWidth / n
	w := slot * 3 / 5
	plot := chartHeight - chartTop - chartBottom
	for i, v := range values {
		h := int(v * int64(plot) / top)
		if v > 0 && h == 0 {
			h = 1 // a non-zero day stays visible
		}
		x := i*slot + (slot-w)/2
		y := chartTop + plot - h
		label := labels[i]
		if len(label) == len("2024-09-29") {
			label = label[8:] + "/" + label[5:7] // the day and month fit under a bar
		}
		c.Bars = append(c.Bars, Bar{X: x, Y: y, W: w, H: h, Label: label, Value: NumIn(ctx, v),
			LabelX: x + w/2, ValueY: y - 4, Description: strings.Join([]string{labels[i], NumIn(ctx, v)}, ": ")})
	}
	return c
}

// inReadingOrder lays the bars out in the reader's direction: in a right
// to left language the first day is at the right, as the page's text
// runs.
func (c Chart) inReadingOrder(ctx context.Context) []Bar {
	if Dir(ctx) != "rtl" {
		return c.Bars
	}
	out := make([]Bar, len(c.Bars))
	for i, b := range c.Bars {
		b.X = c.Width - b.X - b.W
		b.LabelX = b.X + b.W/2
		out[i] = b
	}
	return out
}
