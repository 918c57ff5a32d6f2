package serve

// MatrixRuns is how many matrices the server's room has run.
func MatrixRuns(s *Server) int64 { return s.room.matrices.started.Load() }

// MatricesGoing is how many of the room's matrices have runs not closed yet.
func MatricesGoing(s *Server) int64 { return s.room.matrices.going.Load() }
