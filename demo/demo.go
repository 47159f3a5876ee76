// Package demo is the embedded demo: a realistic sales database (categories,
// suppliers, products, customers, employees, thousands of orders and their
// lines) generated deterministically into a SQLite file and served through
// adapters/sqlite.
package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
)

// Namespace is the EDM namespace of the demo service.
const Namespace = "demo"

// Version identifies the generator; it names the cached file and must change
// whenever the generated content does.
const Version = 1

// Options is the model configuration the demo is served with.
func Options() schema.Options {
	return schema.Options{
		Namespace: Namespace,
		TableOptions: map[string]schema.TableOptions{
			"Customers": {Search: []string{"CompanyName", "ContactName", "City", "Country"}},
			"Suppliers": {Search: []string{"CompanyName", "ContactName", "City", "Country"}},
			"Products":  {Search: []string{"ProductName", "QuantityPerUnit"}},
			"Employees": {Search: []string{"LastName", "FirstName", "Title", "City"},
				Navigation: map[string]string{"ReportsTo_Employees": "Manager", "Employees": "DirectReports"}},
		},
	}
}

// Create writes the demo database to path, which must not exist yet. The
// content is the same on every call.
func Create(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("demo: %s already exists", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("demo: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "journal_mode(OFF)") // a fresh file: nothing to roll back to
	q.Add("_pragma", "synchronous(OFF)")
	q.Add("_pragma", "foreign_keys(1)")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := fill(ctx, db); err != nil {
		os.Remove(abs)
		return fmt.Errorf("demo: %w", err)
	}
	return db.Close()
}

func fill(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, ddl); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	g := &generator{r: rand.New(rand.NewPCG(seed[0], seed[1])), tx: tx}
	if err := g.run(ctx); err != nil {
		return err
	}
	return tx.Commit()
}

// Open generates the demo database into the user's cache directory (or the
// temporary directory) and serves it. Every start writes a fresh copy to a
// temporary name and renames it over demo-v<Version>.db, so no files pile up
// and concurrent instances never see a half-written file.
func Open(ctx context.Context, cfg sqldb.Config) (*sqldb.Source, error) {
	if cfg.Name == "" {
		cfg.Name = "demo"
	}
	dir, err := cacheDir()
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	final := filepath.Join(dir, "demo-v"+strconv.Itoa(Version)+".db")
	tmp, err := os.CreateTemp(dir, "demo-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	tmp.Close()
	os.Remove(tmp.Name())
	if err := Create(ctx, tmp.Name()); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("demo: %w", err)
	}
	return sqlite.Open(ctx, final, Options(), cfg)
}

func cacheDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "odatagw")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		// An unwritable home (containers): fall back to the temp directory.
		dir = filepath.Join(os.TempDir(), "odatagw-"+strconv.Itoa(os.Getuid()))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", err
		}
	}
	return dir, nil
}
