package views

import (
	"context"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
)

// A label passed as a message inside another message is rendered in the
// reader's language: a French refusal names the action and the status in
// French, never by their English codes.
func TestMessageArgumentsAreTranslated(t *testing.T) {
	ctx := WithLang(context.Background(), "fr")
	got := T(ctx, "error.request_not_now", ocu.Msg("requests.action.close"), ocu.Msg("requests.status.closed"))
	if !strings.Contains(got, "Clôturer") || !strings.Contains(got, "Clôturée") || strings.Contains(got, "close") {
		t.Errorf("French refusal reads %q", got)
	}
	en := T(context.Background(), "error.request_not_now", ocu.Msg("requests.action.close"), ocu.Msg("requests.status.closed"))
	if strings.Contains(en, "%!") || strings.Contains(en, "requests.") {
		t.Errorf("English refusal reads %q", en)
	}
}
