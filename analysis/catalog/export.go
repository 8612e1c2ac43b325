package catalog

// The JSON form of the catalog, for `kms-policy-ls catalog --format json`.
// Field names are lower camel case and stable; empty fields are left out.

// ExportData is the whole catalog as plain data.
type ExportData struct {
	Actions       []ExportAction   `json:"actions"`
	ConditionKeys []ExportKey      `json:"conditionKeys"`
	Operators     []ExportOperator `json:"operators"`
}

type ExportAction struct {
	Name             string       `json:"name"`
	Operation        string       `json:"operation,omitempty"`
	PolicyTypes      string       `json:"policyTypes"`
	CrossAccount     string       `json:"crossAccount"`
	Resources        []string     `json:"resources"`
	Uses             []ExportUse  `json:"uses"`
	AccessLevel      string       `json:"accessLevel"`
	LevelSource      string       `json:"accessLevelSource,omitempty"`
	DependentActions []string     `json:"dependentActions,omitempty"`
	PermissionOnly   bool         `json:"permissionOnly,omitempty"`
	Notes            []string     `json:"notes,omitempty"`
	Changes          []ExportNote `json:"changes,omitempty"`
	ConditionKeys    []string     `json:"conditionKeys"`
	Doc              string       `json:"doc"`
	Source           string       `json:"source,omitempty"`
}

type ExportUse struct {
	PolicyType   string        `json:"policyType"`
	For          string        `json:"for,omitempty"`
	CrossAccount string        `json:"crossAccount"`
	Resource     string        `json:"resource"`
	Groups       []ExportGroup `json:"conditionKeyGroups"`
}

type ExportGroup struct {
	Title  string   `json:"title"`
	Keys   []string `json:"keys"`
	Source string   `json:"source,omitempty"`
}

type ExportNote struct {
	Text   string `json:"text"`
	Source string `json:"source"`
}

type ExportRange struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

type ExportKey struct {
	Name             string       `json:"name"`
	Prefix           string       `json:"prefix,omitempty"`
	Param            string       `json:"param,omitempty"`
	ParamMax         int          `json:"paramMax,omitempty"`
	Type             string       `json:"type"`
	AltTypes         []string     `json:"altTypes,omitempty"`
	Multi            bool         `json:"multi"`
	Values           []string     `json:"values,omitempty"`
	DeprecatedValues []string     `json:"deprecatedValues,omitempty"`
	MaybeValues      []string     `json:"uncertainValues,omitempty"`
	Range            *ExportRange `json:"range,omitempty"`
	Format           string       `json:"format,omitempty"`
	Deprecated       string       `json:"deprecated,omitempty"`
	IAMOnly          bool         `json:"iamOnly,omitempty"`
	Restriction      string       `json:"restriction,omitempty"`
	NoForAllValues   bool         `json:"noForAllValues,omitempty"`
	Global           bool         `json:"global"`
	Sensitive        bool         `json:"sensitive,omitempty"`
	Doc              string       `json:"doc"`
	Source           string       `json:"source,omitempty"`
}

type ExportOperator struct {
	Name      string   `json:"name"`
	Types     []string `json:"types"`
	Negated   bool     `json:"negated,omitempty"`
	Wildcard  bool     `json:"wildcard,omitempty"`
	Variables bool     `json:"policyVariables,omitempty"`
	Doc       string   `json:"doc"`
}

// Export returns the catalog as data ready for json.Marshal.
func Export() ExportData {
	var d ExportData
	for _, a := range actionList {
		d.Actions = append(d.Actions, exportAction(a))
	}
	for _, k := range keyList {
		d.ConditionKeys = append(d.ConditionKeys, exportKey(k))
	}
	for _, o := range operatorList {
		d.Operators = append(d.Operators, ExportOperator{Name: o.Name, Types: typeNames(o.Types),
			Negated: o.Negated, Wildcard: o.Wildcard, Variables: o.Variables, Doc: o.Doc})
	}
	return d
}

func exportAction(a *Action) ExportAction {
	e := ExportAction{Name: a.Name, Operation: a.Operation, PolicyTypes: a.PolicyTypes().String(),
		CrossAccount: a.CrossAccountUse().String(), AccessLevel: a.AccessLevel, LevelSource: a.LevelSource,
		DependentActions: a.DependentActions, PermissionOnly: a.PermissionOnly, Notes: a.Notes,
		ConditionKeys: a.KeyNames(), Doc: a.Doc, Source: a.Source,
		Resources: []string{}, Uses: []ExportUse{}}
	if e.ConditionKeys == nil {
		e.ConditionKeys = []string{}
	}
	for _, r := range a.Resources() {
		e.Resources = append(e.Resources, r.String())
	}
	for _, c := range a.Changes {
		e.Changes = append(e.Changes, ExportNote(c))
	}
	for _, u := range a.Uses {
		eu := ExportUse{PolicyType: u.PolicyType.String(), For: u.For, CrossAccount: u.CrossAccount.String(),
			Resource: u.Resource.String(), Groups: []ExportGroup{}}
		for _, g := range u.Groups {
			eu.Groups = append(eu.Groups, ExportGroup(g))
		}
		e.Uses = append(e.Uses, eu)
	}
	return e
}

func exportKey(k *ConditionKey) ExportKey {
	e := ExportKey{Name: k.Name, Prefix: k.Prefix, Param: k.Param, ParamMax: k.ParamMax, Type: k.Type.String(),
		AltTypes: typeNames(k.AltTypes), Multi: k.Multi, Values: k.Values, DeprecatedValues: k.DeprecatedValues,
		MaybeValues: k.MaybeValues, Format: k.Format, Deprecated: k.Deprecated, IAMOnly: k.IAMOnly,
		Restriction: k.Restriction, NoForAllValues: k.NoForAllValues, Global: k.Global, Sensitive: k.Sensitive,
		Doc: k.Doc, Source: k.Source}
	if k.HasRange {
		e.Range = &ExportRange{Min: k.Min, Max: k.Max}
	}
	return e
}

func typeNames(ts []ValueType) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.String())
	}
	return out
}
