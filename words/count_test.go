package words

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 deliveries"}, {1, "1 delivery"}, {2, "2 deliveries"}, {-1, "-1 deliveries"}} {
		if got := Count(c.n, "delivery", "deliveries"); got != c.want {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
