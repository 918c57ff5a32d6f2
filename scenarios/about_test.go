package scenarios_test

import (
	"strings"
	"testing"

	"github.com/dualwrite/dualwrite/scenarios"
)

// A strategy's About is read on the home screen and by `list`: each of its
// sentences says one thing, so none chains two colons ("never will: a lost
// event: an order…").
func TestAboutSentencesHaveOneColon(t *testing.T) {
	for _, id := range scenarios.IDs() {
		s := lookup(t, id)
		for _, sentence := range strings.Split(s.About, ". ") {
			if strings.Count(sentence, ": ") > 1 {
				t.Errorf("%s: %q chains colons", id, sentence)
			}
		}
	}
}
