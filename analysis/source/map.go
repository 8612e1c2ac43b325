package source

import "github.com/kms-policy-ls/kms-policy-ls/analysis/source/srcmap"

// Map converts offsets between a unit's text and its host file; a nil *Map
// is the identity (the unit is the whole file). See package srcmap: the
// host packages below this one build their units' maps with it.
type Map = srcmap.Map

// NewMap is the map of a unit decoded from the host bytes [start, end)
// of a JSON string's content, with the given escapes.
var NewMap = srcmap.NewMap
