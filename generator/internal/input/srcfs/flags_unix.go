//go:build unix

package srcfs

import (
	"os"
	"syscall"
)

// openFlags open a FIFO without waiting for a writer, so that the check
// that it is not a regular file can refuse it instead of hanging.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
