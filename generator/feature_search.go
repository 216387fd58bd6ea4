package main

import "reportgen/generator/internal/search"

func init() { registerFeature(search.New()) }
