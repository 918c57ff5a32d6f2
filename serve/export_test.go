package serve

// MatrixRuns is how many matrices the server's room has run.
func MatrixRuns(s *Server) int64 { return s.room.matrices.started.Load() }
