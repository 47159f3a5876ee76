// Package metricstest parses the Prometheus text exposition format 0.0.4
// strictly, for tests: every line must be well formed, every sample must
// belong to a family declared by # TYPE before it, no series may repeat, and
// histograms must be complete and cumulative.
package metricstest

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Sample is one line of a scrape.
type Sample struct {
	Name   string
	Labels map[string]string
	Value  float64
}

// Family is one metric family.
type Family struct {
	Name, Help, Type string
	Samples          []Sample
}

// Scrape is a parsed exposition, by family name.
type Scrape map[string]*Family

var (
	nameRE  = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*`)
	labelRE = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*`)
)

// Parse parses text strictly.
func Parse(text string) (Scrape, error) {
	s := Scrape{}
	var cur *Family
	seen := map[string]bool{}
	if text != "" && !strings.HasSuffix(text, "\n") {
		return nil, fmt.Errorf("the exposition does not end with a newline")
	}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		at := func(format string, args ...any) error {
			return fmt.Errorf("line %d %q: %s", i+1, line, fmt.Sprintf(format, args...))
		}
		switch {
		case strings.HasPrefix(line, "# HELP "):
			rest := line[len("# HELP "):]
			name := nameRE.FindString(rest)
			if name == "" || len(rest) == len(name) || rest[len(name)] != ' ' {
				return nil, at("malformed HELP")
			}
			if s[name] != nil {
				return nil, at("family %s declared twice", name)
			}
			cur = &Family{Name: name, Help: rest[len(name)+1:]}
			s[name] = cur
		case strings.HasPrefix(line, "# TYPE "):
			f := strings.Fields(line[len("# TYPE "):])
			if len(f) != 2 || cur == nil || f[0] != cur.Name || cur.Type != "" {
				return nil, at("TYPE must follow the family's HELP once")
			}
			switch f[1] {
			case "counter", "gauge", "histogram", "summary", "untyped":
			default:
				return nil, at("unknown type %s", f[1])
			}
			cur.Type = f[1]
		case strings.HasPrefix(line, "#") || line == "":
			return nil, at("unexpected comment or blank line")
		default:
			smp, err := parseSample(line)
			if err != nil {
				return nil, at("%v", err)
			}
			if cur == nil || cur.Type == "" || !belongs(cur, smp.Name) {
				return nil, at("sample outside its family")
			}
			id := seriesID(smp)
			if seen[id] {
				return nil, at("duplicate series")
			}
			seen[id] = true
			if cur.Type == "counter" && (smp.Value < 0 || math.IsNaN(smp.Value)) {
				return nil, at("negative counter")
			}
			cur.Samples = append(cur.Samples, smp)
		}
	}
	for _, f := range s {
		if f.Type == "histogram" {
			if err := checkHistogram(f); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

func belongs(f *Family, name string) bool {
	if f.Type == "histogram" {
		return name == f.Name+"_bucket" || name == f.Name+"_sum" || name == f.Name+"_count"
	}
	return name == f.Name
}

func parseSample(line string) (Sample, error) {
	smp := Sample{Name: nameRE.FindString(line), Labels: map[string]string{}}
	if smp.Name == "" {
		return smp, fmt.Errorf("no metric name")
	}
	rest := line[len(smp.Name):]
	if strings.HasPrefix(rest, "{") {
		rest = rest[1:]
		for !strings.HasPrefix(rest, "}") {
			l := labelRE.FindString(rest)
			if l == "" || !strings.HasPrefix(rest[len(l):], `="`) {
				return smp, fmt.Errorf("malformed label")
			}
			rest = rest[len(l)+2:]
			var v strings.Builder
			for {
				if rest == "" {
					return smp, fmt.Errorf("unterminated label value")
				}
				c := rest[0]
				rest = rest[1:]
				if c == '"' {
					break
				}
				if c == '\\' {
					if rest == "" {
						return smp, fmt.Errorf("dangling escape")
					}
					switch rest[0] {
					case '\\', '"':
						v.WriteByte(rest[0])
					case 'n':
						v.WriteByte('\n')
					default:
						return smp, fmt.Errorf("invalid escape \\%c", rest[0])
					}
					rest = rest[1:]
					continue
				}
				if c == '\n' {
					return smp, fmt.Errorf("raw newline in a label value")
				}
				v.WriteByte(c)
			}
			if _, dup := smp.Labels[l]; dup {
				return smp, fmt.Errorf("label %s twice", l)
			}
			smp.Labels[l] = v.String()
			if strings.HasPrefix(rest, ",") {
				rest = rest[1:]
			} else if !strings.HasPrefix(rest, "}") {
				return smp, fmt.Errorf("expected , or }")
			}
		}
		rest = rest[1:]
	}
	if !strings.HasPrefix(rest, " ") {
		return smp, fmt.Errorf("no space before the value")
	}
	fields := strings.Split(rest[1:], " ")
	if len(fields) > 2 {
		return smp, fmt.Errorf("too many fields")
	}
	v, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return smp, fmt.Errorf("value: %v", err)
	}
	if len(fields) == 2 {
		if _, err := strconv.ParseInt(fields[1], 10, 64); err != nil {
			return smp, fmt.Errorf("timestamp: %v", err)
		}
	}
	smp.Value = v
	return smp, nil
}

func seriesID(s Sample) string {
	keys := make([]string, 0, len(s.Labels))
	for k := range s.Labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	id := s.Name
	for _, k := range keys {
		id += "\xff" + k + "=" + s.Labels[k]
	}
	return id
}

// checkHistogram: per series, buckets with ascending le ending in +Inf,
// cumulative counts, +Inf equal to _count, and a _sum.
func checkHistogram(f *Family) error {
	type series struct {
		les     []float64
		counts  []float64
		count   float64
		haveCnt bool
		haveSum bool
	}
	all := map[string]*series{}
	get := func(smp Sample) *series {
		l := map[string]string{}
		for k, v := range smp.Labels {
			if k != "le" {
				l[k] = v
			}
		}
		id := seriesID(Sample{Labels: l})
		if all[id] == nil {
			all[id] = &series{}
		}
		return all[id]
	}
	for _, smp := range f.Samples {
		s := get(smp)
		switch smp.Name {
		case f.Name + "_bucket":
			le, ok := smp.Labels["le"]
			if !ok {
				return fmt.Errorf("%s: bucket without le", f.Name)
			}
			ub, err := strconv.ParseFloat(le, 64)
			if err != nil {
				return fmt.Errorf("%s: le %q: %v", f.Name, le, err)
			}
			s.les, s.counts = append(s.les, ub), append(s.counts, smp.Value)
		case f.Name + "_count":
			s.count, s.haveCnt = smp.Value, true
		case f.Name + "_sum":
			s.haveSum = true
		}
	}
	for id, s := range all {
		n := len(s.les)
		if n == 0 || !math.IsInf(s.les[n-1], 1) || !s.haveCnt || !s.haveSum {
			return fmt.Errorf("%s %q: incomplete histogram", f.Name, id)
		}
		for i := 1; i < n; i++ {
			if s.les[i] <= s.les[i-1] || s.counts[i] < s.counts[i-1] {
				return fmt.Errorf("%s %q: buckets not ascending and cumulative", f.Name, id)
			}
		}
		if s.counts[n-1] != s.count {
			return fmt.Errorf("%s %q: +Inf bucket %v != count %v", f.Name, id, s.counts[n-1], s.count)
		}
	}
	return nil
}

// Value returns the value of the sample of family name (or name_bucket etc.)
// whose labels include all of labels; ok false when there is none.
func (s Scrape) Value(name string, labels map[string]string) (float64, bool) {
	fam := s[name]
	for _, base := range []string{"_bucket", "_sum", "_count"} {
		if fam == nil && strings.HasSuffix(name, base) {
			fam = s[strings.TrimSuffix(name, base)]
		}
	}
	if fam == nil {
		return 0, false
	}
next:
	for _, smp := range fam.Samples {
		if smp.Name != name {
			continue
		}
		for k, v := range labels {
			if smp.Labels[k] != v {
				continue next
			}
		}
		return smp.Value, true
	}
	return 0, false
}
