// Package store keeps the extracted documents current: Merge settles the samples of many
// documents into one per series and time (the later publication wins, changes are
// conflicts), the Store re-extracts what changed under its roots and publishes an immutable
// View behind an atomic pointer, and Reload swaps the rules whole or not at all.
package store
