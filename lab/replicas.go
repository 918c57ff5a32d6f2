package lab

// MaxReplicas is JetStream's limit on the replicas of a stream or bucket.
const MaxReplicas = 5

// replicas is the replica count the run's stream and buckets are made with.
func (r *Run) replicas() int { return max(r.cfg.Replicas, 1) }
