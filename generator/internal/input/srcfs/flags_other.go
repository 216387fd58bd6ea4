//go:build !unix

package srcfs

import "os"

const openFlags = os.O_RDONLY
