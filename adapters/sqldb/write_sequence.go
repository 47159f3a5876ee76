package sqldb

import (
	"odatagw/adapters"
)

// BuildSequenceAdvance renders the statement that moves the sequence behind
// a generated key past the keys stored, after an insert that gave such a key
// an explicit value; "" when there is nothing to move. PostgreSQL's serial
// and identity (BY DEFAULT) columns take an explicit value without touching
// their sequence, so a later insert that lets the database generate the key
// would draw the value just stored and fail on the primary key. MySQL,
// MariaDB (AUTO_INCREMENT) and SQLite (max(rowid)+1, sqlite_sequence) move
// on by themselves.
//
// GREATEST(nextval(…), max(key)) never moves the sequence back, even when
// another session drew values meanwhile; it may leave a gap, which sequences
// allow anyway. The statement runs in the insert's transaction; nextval and
// setval are not undone by a rollback, which again only leaves a gap.
func BuildSequenceAdvance(d Dialect, ins *adapters.Insert) (string, []any, error) {
	if d.Name() != "postgres" || ins == nil || ins.Set == nil || ins.Set.Type == nil {
		return "", nil, nil
	}
	t := ins.Set.Type
	b := &builder{d: d, root: t}
	var stmts []Frag
	for _, pv := range ins.Values {
		if pv.Value == nil || !pv.Prop.Computed || !pv.Prop.Type.IsIntegral() || !t.IsKey(pv.Prop) {
			continue
		}
		col := b.ident(pv.Prop.Column)
		// pg_get_serial_sequence parses its first argument as SQL (the
		// quoted, qualified name) and takes the second literally; NULL for a
		// column without a sequence, so the SELECT then returns no row.
		stmts = append(stmts, cat("SELECT setval(s.seq::regclass, GREATEST(nextval(s.seq::regclass), (SELECT max(", col,
			") FROM ", b.table(t), "))) FROM (SELECT pg_get_serial_sequence(", param(b.table(t)), ", ",
			param(pv.Prop.Column), ") AS seq) s WHERE s.seq IS NOT NULL"))
	}
	if b.err != nil {
		return "", nil, b.err
	}
	if len(stmts) == 0 {
		return "", nil, nil
	}
	// One key column at most is generated per table, so one statement.
	sql, args := finish(d, stmts[0])
	return sql, args, nil
}
