//go:build race

package scenarios_test

// raceDetector is on: campaigns are cut short, since runs go several times slower.
const raceDetector = true
