package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"odatagw/adapters"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Insert stores ins.Values and reads the entity back by its key: the key
// comes from RETURNING where the database has it, from LAST_INSERT_ID() for
// an auto-increment key on MySQL without it, else from the values given.
func (t *Tx) Insert(ctx context.Context, ins *adapters.Insert) (_ []any, err error) {
	if ins == nil || ins.Set == nil || ins.Set.Type == nil {
		return nil, odataerr.BadRequest("insert without entity set")
	}
	ctx, end := t.s.observe(ctx, "insert") // the whole write, reading back included
	defer func() { end(err) }()
	typ := ins.Set.Type
	opts := t.s.writeOptions(ctx)
	stmt, args, err := BuildInsert(t.s.d, ins, opts)
	if err != nil {
		return nil, err
	}
	qctx, cancel := t.s.queryContext(ctx)
	defer cancel()
	t.s.log.Debug("sql insert", "sql", stmt, "args", redact(args))
	var key []adapters.KeyValue
	if opts.Returning {
		raw := make([]any, len(typ.Key))
		dest := make([]any, len(raw))
		for i := range raw {
			dest[i] = &raw[i]
		}
		if err := t.tx.QueryRowContext(qctx, stmt, args...).Scan(dest...); err != nil {
			return nil, t.s.classifyWrite(qctx, err, ins.Set, false)
		}
		for i, k := range typ.Key {
			v, err := convert(raw[i], k)
			if err != nil {
				return nil, t.s.valueError(k, err)
			}
			key = append(key, adapters.KeyValue{Prop: k, Value: v})
		}
	} else {
		res, err := t.tx.ExecContext(qctx, stmt, args...)
		if err != nil {
			return nil, t.s.classifyWrite(qctx, err, ins.Set, false)
		}
		if key, err = insertedKey(ins, res); err != nil {
			return nil, err
		}
	}
	if err := t.advanceSequence(qctx, ins); err != nil {
		return nil, err
	}
	return t.readBack(ctx, ins.Set, key)
}

// advanceSequence moves a generated key's sequence past an explicit key
// value the insert stored (BuildSequenceAdvance).
func (t *Tx) advanceSequence(ctx context.Context, ins *adapters.Insert) error {
	stmt, args, err := BuildSequenceAdvance(t.s.d, ins)
	if err != nil || stmt == "" {
		return err
	}
	t.s.log.Debug("sql sequence", "sql", stmt, "args", redact(args))
	if _, err := t.tx.ExecContext(ctx, stmt, args...); err != nil {
		return t.s.classify(ctx, err)
	}
	return nil
}

// insertedKey is the key of a row inserted without RETURNING.
func insertedKey(ins *adapters.Insert, res sql.Result) ([]adapters.KeyValue, error) {
	var key []adapters.KeyValue
	for _, k := range ins.Set.Type.Key {
		i := slices.IndexFunc(ins.Values, func(pv adapters.PropertyValue) bool { return pv.Prop == k })
		switch {
		case i >= 0 && ins.Values[i].Value != nil:
			key = append(key, adapters.KeyValue{Prop: k, Value: ins.Values[i].Value})
		case k.Computed && k.Type.IsIntegral() && len(ins.Set.Type.Key) == 1:
			id, err := res.LastInsertId()
			if err != nil {
				return nil, err
			}
			key = append(key, adapters.KeyValue{Prop: k, Value: id})
		default:
			return nil, odataerr.BadRequest("the key property %s must be given: the database does not generate it", k.Name).At(k.Name, -1)
		}
	}
	return key, nil
}

// Update reads the entity locked, lets upd.Check see it, writes the change
// and reads the entity back.
func (t *Tx) Update(ctx context.Context, upd *adapters.Update) (_ []any, err error) {
	if upd == nil || upd.Set == nil {
		return nil, odataerr.BadRequest("update without entity set")
	}
	ctx, end := t.s.observe(ctx, "update")
	defer func() { end(err) }()
	cur, err := t.readLocked(ctx, upd.Set, upd.Key)
	if err != nil {
		return nil, err
	}
	if upd.Check != nil {
		if err := upd.Check(cur); err != nil {
			return nil, err
		}
	}
	stmt, args, err := BuildUpdate(t.s.d, upd)
	if err != nil {
		return nil, err
	}
	if stmt != "" {
		qctx, cancel := t.s.queryContext(ctx)
		defer cancel()
		t.s.log.Debug("sql update", "sql", stmt, "args", redact(args))
		if _, err := t.tx.ExecContext(qctx, stmt, args...); err != nil {
			return nil, t.s.classifyWrite(qctx, err, upd.Set, false)
		}
	}
	return t.readBack(ctx, upd.Set, upd.Key)
}

// Delete reads the entity locked, lets del.Check see it and deletes it.
func (t *Tx) Delete(ctx context.Context, del *adapters.Delete) (err error) {
	if del == nil || del.Set == nil {
		return odataerr.BadRequest("delete without entity set")
	}
	ctx, end := t.s.observe(ctx, "delete")
	defer func() { end(err) }()
	cur, err := t.readLocked(ctx, del.Set, del.Key)
	if err != nil {
		return err
	}
	if del.Check != nil {
		if err := del.Check(cur); err != nil {
			return err
		}
	}
	stmt, args, err := BuildDelete(t.s.d, del.Set, del.Key)
	if err != nil {
		return err
	}
	qctx, cancel := t.s.queryContext(ctx)
	defer cancel()
	t.s.log.Debug("sql delete", "sql", stmt, "args", redact(args))
	if _, err := t.tx.ExecContext(qctx, stmt, args...); err != nil {
		return t.s.classifyWrite(qctx, err, del.Set, true)
	}
	return nil
}

// readLocked reads every property of the entity with key, locking its row
// until the transaction ends; a missing entity is a 404.
func (t *Tx) readLocked(ctx context.Context, set *metadata.EntitySet, key []adapters.KeyValue) ([]any, error) {
	stmt, args, err := BuildLockedRead(t.s.d, set, key)
	if err != nil {
		return nil, err
	}
	return t.readOne(ctx, set, key, stmt, args)
}

// readBack reads the entity with key as stored (Type.Properties order).
func (t *Tx) readBack(ctx context.Context, set *metadata.EntitySet, key []adapters.KeyValue) ([]any, error) {
	stmt, args, err := Build(t.s.d, &adapters.Query{Set: set, Key: key, Top: -1})
	if err != nil {
		return nil, err
	}
	return t.readOne(ctx, set, key, stmt, args)
}

func (t *Tx) readOne(ctx context.Context, set *metadata.EntitySet, key []adapters.KeyValue, stmt string, args []any) ([]any, error) {
	qctx, cancel := t.s.queryContext(ctx)
	defer cancel()
	t.s.log.Debug("sql read (tx)", "sql", stmt, "args", redact(args))
	rs, err := t.tx.QueryContext(qctx, stmt, args...)
	if err != nil {
		return nil, t.s.classify(qctx, err)
	}
	r := newRows(t.s, rs, func() {}, qctx, set.Type.Properties)
	defer r.Close()
	if !r.Next() {
		if err := r.Err(); err != nil {
			return nil, err
		}
		return nil, odataerr.NotFound("no entity in '%s' has key %s", set.Name, describeKey(key))
	}
	out := slices.Clone(r.Values())
	if r.Next() {
		return nil, odataerr.New(http.StatusConflict, "KeyNotUnique",
			"the key %s matches more than one entity in '%s': the configured key of this entity set is not unique", describeKey(key), set.Name)
	}
	return out, r.Err()
}

// describeKey renders key values for messages: (1) or (A=1,B='x').
func describeKey(key []adapters.KeyValue) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, kv := range key {
		if i > 0 {
			b.WriteByte(',')
		}
		if len(key) > 1 {
			b.WriteString(kv.Prop.Name + "=")
		}
		switch v := kv.Value.(type) {
		case string:
			if kv.Prop.Type == metadata.EdmGuid {
				b.WriteString(v)
			} else {
				b.WriteString("'" + strings.ReplaceAll(v, "'", "''") + "'")
			}
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		default:
			b.WriteString(fmt.Sprint(v))
		}
	}
	b.WriteByte(')')
	return b.String()
}
