package cases

import (
	"context"
	"fmt"
	"strings"

	"github.com/ocu-project/ocu/views"
)

// cooperationWhat says what a request or a move of the case did, for the
// case's timeline (both are audited under the case, with codes only).
func cooperationWhat(ctx context.Context, e TimelineEvent) (string, bool) {
	switch {
	case strings.HasPrefix(e.Action, "request."):
		step := e.Action[len("request."):]
		return views.T(ctx, "timeline.request", fmt.Sprint(e.Details["request"]), views.T(ctx, "requests.message."+stepMessage(step)),
			views.T(ctx, "requests.status."+e.Text("status"))), true
	case e.Action == "case.transfer_propose":
		return views.T(ctx, "timeline.transfer_propose", e.Text("to")), true
	case e.Action == "case.transfer_accept", e.Action == "case.transfer_reject":
		return views.T(ctx, "timeline."+e.Action[len("case."):], e.Text("from"), e.Text("to")), true
	}
	return "", false
}

// stepMessage is the thread's word for an audited step ("send" is the
// question).
func stepMessage(step string) string {
	if step == "send" {
		return "question"
	}
	return step
}
