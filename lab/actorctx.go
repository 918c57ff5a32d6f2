package lab

import "context"

type actorKey struct{}

// withActor marks ctx as belonging to actor a: every operation called with it
// takes its turns as a.
func withActor(ctx context.Context, a *actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

func actorOf(ctx context.Context) *actor {
	a, _ := ctx.Value(actorKey{}).(*actor)
	if a == nil {
		panic("lab: operation called outside an actor of the run")
	}
	return a
}

// Ranks: among actors ready at once, downstream goes first, so each event is
// followed to its end before the service takes its next step.
const (
	rankLab = iota
	rankConsumer
	rankWorker
	rankService
)
