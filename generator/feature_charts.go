package main

import "reportgen/generator/internal/charts"

// The appendix as data: datasets, charts, data tables and bound statistics.
func init() { registerFeature(charts.New()) }
