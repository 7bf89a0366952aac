package store

import (
	"context"
	"time"
)

// Watch scans the store's roots every interval until ctx is done, so that reports added to,
// changed in or removed from them show within a few intervals.
//
// Watch polls size and modification time rather than subscribing to file system events: a poll
// sees a whole tree whatever its depth, works the same on network shares, bind mounts and
// container volumes where inotify events never arrive, cannot overflow an event queue, and
// gives for free the two looks a file must pass unchanged before it is read, so a report still
// being written is not read half-way. A few hundred reports cost a few hundred stats per poll.
func (s *Store) Watch(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			s.scan(ctx, now, interval)
		}
	}
}
