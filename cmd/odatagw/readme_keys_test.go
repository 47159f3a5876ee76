package main

// TestReadmeDocumentsEveryKey: every key the configuration accepts (the yaml
// tags of config.Config, followed through structs, maps and lists) appears in
// one of the README's YAML examples at its place (in any place its struct is
// used), is named in an example's comments ("basic → username, password"), or
// in the prose as `its.dotted.path` (the last two segments suffice).

import (
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"odatagw/config"
)

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// field is one yaml key of a struct type: documenting it once documents it
// wherever the type is used (sources.security.auth is security.auth's type).
type field struct{ owner, name string }

// yamlFields returns the fields of struct type t by yaml name, inline
// structs' fields included (owned by the inline struct).
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case name == "-" || !f.IsExported():
		case strings.Contains(opts, "inline"):
			for k, v := range yamlFields(f.Type) {
				out[k] = v
			}
		default:
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			f.Index = nil
			f.Name = name
			f.PkgPath = t.PkgPath() + "." + t.Name() // the owner, for field{}
			out[name] = f
		}
	}
	return out
}

// elem strips pointers, maps and lists; a type that decodes itself is a
// leaf (nil).
func elem(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Map || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil
	}
	return t
}

// configKeys maps every key below t to its first path (map keys are "*").
func configKeys(prefix string, t reflect.Type, out map[field]string) {
	t = elem(t)
	if t == nil {
		return
	}
	for name, f := range yamlFields(t) {
		k := field{f.PkgPath, name}
		if _, ok := out[k]; ok {
			continue
		}
		out[k] = prefix + name
		sub := prefix + name + "."
		if f.Type.Kind() == reflect.Map {
			sub += "*."
		}
		configKeys(sub, f.Type, out)
	}
}

// shownKeys records the keys node shows, read as type t.
func shownKeys(n *yaml.Node, t reflect.Type, out map[field]bool) {
	if n == nil {
		return
	}
	isMap := t.Kind() == reflect.Map
	st := elem(t)
	if st == nil {
		return
	}
	switch {
	case n.Kind == yaml.SequenceNode:
		for _, c := range n.Content {
			shownKeys(c, st, out)
		}
	case n.Kind == yaml.MappingNode && isMap:
		for i := 1; i < len(n.Content); i += 2 {
			shownKeys(n.Content[i], st, out)
		}
	case n.Kind == yaml.MappingNode:
		fields := yamlFields(st)
		for i := 0; i+1 < len(n.Content); i += 2 {
			if f, ok := fields[n.Content[i].Value]; ok {
				out[field{f.PkgPath, f.Name}] = true
				shownKeys(n.Content[i+1], f.Type, out)
			}
		}
	}
}

var (
	backticked = regexp.MustCompile("`([^`]+)`")
	yamlWord   = regexp.MustCompile(`[a-z][a-z0-9_]*`)
)

func TestReadmeDocumentsEveryKey(t *testing.T) {
	accepted := map[field]string{}
	configKeys("", reflect.TypeFor[config.Config](), accepted)
	shown := map[field]bool{}
	for _, f := range readmeFences(t) {
		if f.lang != "yaml" {
			continue
		}
		var root yaml.Node
		if err := yaml.Unmarshal([]byte(strings.ReplaceAll(strings.Join(f.lines, "\n"), "{…}", "{}")), &root); err != nil || len(root.Content) == 0 {
			t.Errorf("README line %d: %v", f.line, err)
			continue
		}
		shownKeys(root.Content[0], reflect.TypeFor[config.Config](), shown)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, f := range readmeFences(t) { // keys named in the examples' comments ("basic → username, password")
		for _, l := range f.lines {
			if _, c, ok := strings.Cut(l, "# "); ok && f.lang == "yaml" {
				for _, w := range yamlWord.FindAllString(c, -1) {
					named[w] = true
				}
			}
		}
	}
	for _, m := range backticked.FindAllStringSubmatch(string(readme), -1) {
		named[strings.TrimSuffix(m[1], ":")] = true
	}
	var missing []string
	for f, k := range accepted {
		segs := strings.Split(strings.ReplaceAll(k, "*.", ""), ".")
		tail := segs[len(segs)-1]
		if len(segs) > 1 {
			tail = segs[len(segs)-2] + "." + tail
		}
		if !shown[f] && !named[k] && !named[tail] && !named[segs[len(segs)-1]] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	for _, k := range missing {
		t.Errorf("configuration key %s is accepted but the README neither shows nor names it", k)
	}
	if len(accepted) < 100 || len(shown) < 100 {
		t.Errorf("%d keys accepted, %d shown: is the walk broken?", len(accepted), len(shown))
	}
}
