package sqlite

import (
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/metadata"
)

// formCheckBudget bounds the time one model load spends on detectStoredForms
// (about 0.3 s per million rows of an indexed date-time column here).
const formCheckBudget = 10 * time.Second

// detectStoredForms sets Property.StoredForm on the date-time columns of m
// that lead an index and whose every value is in one stored form
// (sqldb.StoredTimeForm), so that comparisons and ORDER BY on them can use
// the index. Columns without an index gain nothing from it (the STRFTIME
// form costs a function call per row, not a table scan) and are not read.
// The check reads the whole index, once per model load: a form guessed from
// a sample could be wrong, and a wrong form orders rows wrongly.
//
// The reads share a time budget (formCheckBudget at a model load), so that
// a very large database still starts: columns not checked in time keep the
// STRFTIME form, which is always correct, and a warning says so.
func detectStoredForms(ctx context.Context, db *sql.DB, m *metadata.Model, budget time.Duration, log *slog.Logger) error {
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	outOfTime := func(err error) error {
		if parent.Err() == nil && ctx.Err() != nil {
			log.Warn("date-time columns not checked for a sortable stored form in time; they are compared through STRFTIME",
				"budget", budget)
			return nil
		}
		return err
	}
	for _, et := range m.Types {
		if et == nil || et.IsView {
			continue
		}
		var indexed map[string]bool
		for _, p := range et.Properties {
			if !formCandidate(p) {
				continue
			}
			if indexed == nil {
				var err error
				if indexed, err = indexedColumns(ctx, db, et.Table); err != nil {
					return outOfTime(err)
				}
			}
			if !indexed[strings.ToLower(p.Column)] {
				continue
			}
			form, err := storedForm(ctx, db, et.Table, p.Column)
			if err != nil {
				return outOfTime(err)
			}
			p.StoredForm = form
		}
	}
	return nil
}

// formCandidate: a DateTimeOffset property read as its column (declared
// DATETIME/TIMESTAMP, or text with a type override).
func formCandidate(p *metadata.Property) bool {
	if p == nil || p.Type != metadata.EdmDateTimeOffset || p.ReadAsText {
		return false
	}
	t := strings.ToLower(p.DBType)
	return strings.HasPrefix(t, "datetime") || strings.HasPrefix(t, "timestamp") ||
		strings.Contains(t, "char") || strings.Contains(t, "text") || strings.Contains(t, "clob")
}

// indexedColumns returns the (lower-case) columns that lead a full index of table.
func indexedColumns(ctx context.Context, db *sql.DB, table string) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT i.name FROM pragma_index_list(?1) AS l, pragma_index_info(l.name) AS i
		WHERE i.seqno = 0 AND l.partial = 0 AND i.name IS NOT NULL`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out[strings.ToLower(c)] = true
	}
	return out, rows.Err()
}

// storedForm reads one value of the column, derives its form, and checks
// that every value is in it; "" when the column is empty or mixed.
func storedForm(ctx context.Context, db *sql.DB, table, column string) (string, error) {
	t, c := sqldb.SQLite.QuoteIdent(table), sqldb.SQLite.QuoteIdent(column)
	var typ string
	var text sql.NullString
	err := db.QueryRowContext(ctx, `SELECT typeof(`+c+`), CAST(`+c+` AS TEXT) FROM `+t+` WHERE `+c+` IS NOT NULL LIMIT 1`).Scan(&typ, &text)
	if err == sql.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var sample any = text.String
	if typ == "integer" || typ == "real" {
		sample = int64(0)
	}
	form, glob, ok := sqldb.StoredTimeForm(sample)
	if !ok {
		return "", nil
	}
	var mixed bool
	if form == sqldb.StoredFormUnixEpoch {
		err = db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t+` WHERE `+c+` IS NOT NULL
			AND typeof(`+c+`) NOT IN ('integer', 'real'))`).Scan(&mixed)
	} else if sqldb.StoredFormZone(form) != "" {
		// Exactly the layout's text and the zone suffix: a further digit
		// would sort after the suffix.
		err = db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t+` WHERE `+c+` IS NOT NULL
			AND NOT (typeof(`+c+`) = 'text' AND `+c+` GLOB ?1))`, glob).Scan(&mixed)
	} else {
		// The layout's text, or the layout's text with further fractional
		// digits (as the gateway writes values of more precision), the
		// last of them not 0.
		more, from := glob+"[0-9]*", len(form)+1
		if !strings.Contains(form, ".") {
			more, from = glob+".[0-9]*", len(form)+2
		}
		err = db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t+` WHERE `+c+` IS NOT NULL
			AND NOT (typeof(`+c+`) = 'text' AND (`+c+` GLOB ?1
				OR (`+c+` GLOB ?2 AND substr(`+c+`, ?3) NOT GLOB '*[^0-9]*' AND `+c+` NOT GLOB '*0'))))`,
			glob, more, from).Scan(&mixed)
	}
	if err != nil || mixed {
		return "", err
	}
	return form, nil
}
