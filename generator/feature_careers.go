package main

import "reportgen/generator/internal/careers"

// Career paths: diagrams of content/careers/*.yaml, each step linked to the
// sentence of the report it rests on.
func init() { registerFeature(careers.New()) }
