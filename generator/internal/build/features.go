package build

// DefaultFeatures are the features a normal build uses.
func DefaultFeatures() []Feature {
	return nil
}
