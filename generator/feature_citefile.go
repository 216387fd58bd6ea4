package main

import "reportgen/generator/internal/citefile"

func init() { registerFeature(citefile.New()) }
