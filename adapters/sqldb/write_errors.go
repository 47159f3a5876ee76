package sqldb

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"

	"odatagw/metadata"
	"odatagw/odataerr"
)

// writeOptions returns what this database offers to writes, asking a MySQL
// server its version once (MariaDB ≥ 10.5 has INSERT … RETURNING).
func (s *Source) writeOptions(ctx context.Context) WriteOptions {
	s.writeOnce.Do(func() {
		switch s.d.Name() {
		case "postgres", "sqlite":
			s.writeOpts.Returning = true
		case "mysql":
			var v string
			if err := s.db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&v); err != nil {
				s.log.Warn("cannot read the server version; inserts read keys with LAST_INSERT_ID()", "error", err)
				return
			}
			s.writeOpts.Returning = mariaDBReturning(v)
		}
	})
	return s.writeOpts
}

// mariaDBReturning reports whether a VERSION() string is MariaDB 10.5 or later.
func mariaDBReturning(version string) bool {
	if !strings.Contains(strings.ToLower(version), "mariadb") {
		return false
	}
	var major, minor int
	for i, part := range strings.SplitN(strings.SplitN(version, "-", 2)[0], ".", 3) {
		n := 0
		for _, c := range part {
			if c < '0' || c > '9' {
				break
			}
			n = n*10 + int(c-'0')
		}
		switch i {
		case 0:
			major = n
		case 1:
			minor = n
		}
	}
	return major > 10 || major == 10 && minor >= 5
}

// violation is a constraint violation as the drivers report it, reduced to
// the names a client may see (constraint and column names from the catalog,
// never the values or the driver's text).
type violation struct {
	kind       violationKind
	constraint string
	columns    []string
}

type violationKind int

const (
	noViolation violationKind = iota
	uniqueViolation
	foreignKeyMissing    // the referenced entity does not exist (insert, update)
	foreignKeyReferenced // other entities still refer to it (delete, key change)
	checkViolation
	notNullViolation
	tooLong
	outOfRange
	writeConflict   // deadlock, serialization failure, lock wait timeout
	generatedColumn // a value given for a column the database always generates
)

// classifyWrite maps a failed write to an OData error naming the
// constraint or property; other errors are classified as reads are.
// deleting tells a failed DELETE, for engines that do not say which side
// of a foreign key failed.
func (s *Source) classifyWrite(ctx context.Context, err error, set *metadata.EntitySet, deleting bool) error {
	if err == nil {
		return nil
	}
	v := constraintViolation(err)
	if v.kind == noViolation {
		return s.classify(ctx, err)
	}
	if deleting && v.kind == foreignKeyMissing {
		v.kind = foreignKeyReferenced // SQLite does not say which side failed
	}
	props := propertyNames(set, v.columns)
	if !s.mayName(set, v, props) {
		v.constraint = ""
	}
	on := ""
	if len(props) > 0 {
		on = " (" + strings.Join(props, ", ") + ")"
	}
	named := func(kind string) string {
		if v.constraint == "" {
			return ""
		}
		return ": " + kind + " constraint '" + v.constraint + "'"
	}
	var e *odataerr.Error
	switch v.kind {
	case uniqueViolation:
		e = odataerr.New(http.StatusConflict, "UniqueViolation", "another entity has the same value%s%s", on, named("unique"))
	case foreignKeyMissing:
		e = odataerr.New(http.StatusBadRequest, "ForeignKeyViolation", "a related entity referred to%s does not exist%s", on, named("foreign key"))
	case foreignKeyReferenced:
		e = odataerr.New(http.StatusConflict, "ForeignKeyViolation", "the entity is still referred to by other entities%s", named("foreign key"))
	case checkViolation:
		e = odataerr.New(http.StatusBadRequest, "CheckViolation", "a value is not allowed%s%s", on, named("check"))
	case notNullViolation:
		e = odataerr.New(http.StatusBadRequest, "NullNotAllowed", "a value is required%s: the property must not be null", on)
	case tooLong:
		e = odataerr.New(http.StatusBadRequest, "ValueTooLong", "a value is too long for its property%s", on)
	case outOfRange:
		e = odataerr.New(http.StatusBadRequest, "ValueOutOfRange", "a value is out of range for its property%s", on)
	case writeConflict:
		e = odataerr.New(http.StatusConflict, "WriteConflict", "the entity was changed concurrently; retry the request")
	case generatedColumn:
		e = odataerr.New(http.StatusBadRequest, "BadRequest", "a value was given for a property the data source always generates%s", on)
	}
	if len(props) == 1 {
		e.Target = props[0]
	}
	return e.WithCause(err)
}

// mayName reports whether the error may name v's constraint: engines name
// constraints after their columns (PostgreSQL accounts_tenant_email_key,
// MariaDB the first column), so a constraint over a column the caller does
// not see would name it. That is when a column of the violation is not a
// property of set's type (props, the properties of v's columns), or when
// the columns are unknown and set is narrower than the source's own (a
// role's view with hidden properties).
func (s *Source) mayName(set *metadata.EntitySet, v violation, props []string) bool {
	if len(v.columns) > 0 {
		return len(props) == len(v.columns)
	}
	if set == nil || set.Type == nil {
		return false
	}
	s.mu.Lock()
	m := s.model
	s.mu.Unlock()
	own := m.EntitySet(set.Name)
	return own != nil && len(own.Type.Properties) == len(set.Type.Properties)
}

// propertyNames maps column names to the properties of set's type that
// read them; unknown (hidden) columns are left out.
func propertyNames(set *metadata.EntitySet, cols []string) []string {
	if set == nil || set.Type == nil {
		return nil
	}
	var out []string
	for _, c := range cols {
		for _, p := range set.Type.Properties {
			if strings.EqualFold(p.Column, c) {
				out = append(out, p.Name)
				break
			}
		}
	}
	return out
}

// constraintViolation recognises the drivers' constraint errors.
func constraintViolation(err error) violation {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return postgresViolation(pe)
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return mysqlViolation(me)
	}
	var se interface{ Code() int }
	if errors.As(err, &se) && se.Code()&0xff == 19 { // SQLITE_CONSTRAINT and its extended codes
		return sqliteViolation(err.Error())
	}
	return violation{}
}

func postgresViolation(pe *pgconn.PgError) violation {
	v := violation{constraint: pe.ConstraintName}
	if pe.ColumnName != "" {
		v.columns = []string{pe.ColumnName}
	}
	switch pe.Code {
	case "23505":
		v.kind = uniqueViolation
		v.columns = keyColumns(pe.Detail)
	case "23503":
		v.kind = foreignKeyMissing
		if strings.Contains(pe.Detail, "still referenced") {
			v.kind = foreignKeyReferenced
		}
		v.columns = keyColumns(pe.Detail)
	case "23514":
		v.kind = checkViolation
	case "23502":
		v.kind = notNullViolation
	case "22001":
		v.kind = tooLong
	case "22003":
		v.kind = outOfRange
	case "40001", "40P01", "55P03":
		v.kind = writeConflict
	case "428C9": // a value for a GENERATED ALWAYS column
		v.kind = generatedColumn
	}
	return v
}

// keyColumns reads the column list of PostgreSQL's detail
// `Key (a, b)=(…) …` (the values are not kept).
func keyColumns(detail string) []string {
	rest, ok := strings.CutPrefix(detail, "Key (")
	if !ok {
		return nil
	}
	list, _, ok := strings.Cut(rest, ")=(")
	if !ok {
		return nil
	}
	var cols []string
	for _, c := range strings.Split(list, ",") {
		cols = append(cols, strings.Trim(strings.TrimSpace(c), `"`))
	}
	return cols
}

func mysqlViolation(me *mysql.MySQLError) violation {
	msg := me.Message
	switch me.Number {
	case 1062, 1586:
		return violation{kind: uniqueViolation, constraint: lastQuoted(msg, '\'')}
	case 1452, 1216:
		return violation{kind: foreignKeyMissing, constraint: after(msg, "CONSTRAINT `", '`'), columns: []string{after(msg, "FOREIGN KEY (`", '`')}}
	case 1451, 1217:
		return violation{kind: foreignKeyReferenced, constraint: after(msg, "CONSTRAINT `", '`')}
	case 3819:
		return violation{kind: checkViolation, constraint: after(msg, "constraint '", '\'')}
	case 4025:
		return violation{kind: checkViolation, constraint: after(msg, "CONSTRAINT `", '`')}
	case 1048:
		return violation{kind: notNullViolation, columns: []string{after(msg, "Column '", '\'')}}
	case 1364:
		return violation{kind: notNullViolation, columns: []string{after(msg, "Field '", '\'')}}
	case 1406:
		return violation{kind: tooLong, columns: []string{after(msg, "column '", '\'')}}
	case 1264:
		return violation{kind: outOfRange, columns: []string{after(msg, "column '", '\'')}}
	case 1205, 1213:
		return violation{kind: writeConflict}
	case 3105, 1906: // a value for a generated column
		return violation{kind: generatedColumn, columns: []string{after(msg, "column '", '\'')}}
	}
	return violation{}
}

func sqliteViolation(msg string) violation {
	cols := func(marker string) []string {
		_, rest, ok := strings.Cut(msg, marker)
		if !ok {
			return nil
		}
		rest, _, _ = strings.Cut(rest, " (")
		var out []string
		for _, tc := range strings.Split(rest, ",") {
			tc = strings.TrimSpace(tc)
			if i := strings.LastIndexByte(tc, '.'); i >= 0 {
				tc = tc[i+1:]
			}
			out = append(out, tc)
		}
		return out
	}
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"):
		return violation{kind: uniqueViolation, columns: cols("UNIQUE constraint failed: ")}
	case strings.Contains(msg, "PRIMARY KEY constraint failed"), strings.Contains(msg, "PRIMARYKEY"):
		return violation{kind: uniqueViolation}
	case strings.Contains(msg, "FOREIGN KEY constraint failed"):
		// SQLite does not say which side: the gateway's caller knows.
		return violation{kind: foreignKeyMissing}
	case strings.Contains(msg, "CHECK constraint failed"):
		c := cols("CHECK constraint failed: ")
		v := violation{kind: checkViolation}
		if len(c) == 1 && isPlainName(c[0]) {
			v.constraint = c[0]
		}
		return v
	case strings.Contains(msg, "NOT NULL constraint failed"):
		return violation{kind: notNullViolation, columns: cols("NOT NULL constraint failed: ")}
	}
	return violation{}
}

// isPlainName reports whether s looks like an identifier (SQLite names an
// unnamed CHECK by its expression, which is not shown).
func isPlainName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// after returns the text following marker up to the closing quote q.
func after(msg, marker string, q byte) string {
	_, rest, ok := strings.Cut(msg, marker)
	if !ok {
		return ""
	}
	if i := strings.IndexByte(rest, q); i >= 0 {
		return rest[:i]
	}
	return ""
}

// lastQuoted returns the last q-quoted word of msg (MySQL's key name).
func lastQuoted(msg string, q byte) string {
	end := strings.LastIndexByte(msg, q)
	if end <= 0 {
		return ""
	}
	start := strings.LastIndexByte(msg[:end], q)
	if start < 0 {
		return ""
	}
	return msg[start+1 : end]
}
