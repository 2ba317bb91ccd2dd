// Package data embeds the lexicons, gazetteer and calendars the extractor
// reads, so the kg binary works on a machine with no source tree.
package data
