package adaptertest

import (
	"fmt"
	"strings"
)

// Fixture returns the statements that create and fill the suite's tables
// for dialect "sqlite", "mysql" (MariaDB 10.7+: it uses the UUID type) or
// "postgres", in a database of the caller's (empty, or at least without
// these tables). Unknown dialects get nil.
//
// Tables (names as written; the engines' introspection exposes them as
// entity sets of the same names):
//
//	Categories (CategoryID PK, Name, Description NULL)
//	Products   (ProductID PK, Name, CategoryID NULL → Categories, Price DECIMAL(10,2) NULL,
//	            Stock INT NULL, Weight DOUBLE NULL, Discontinued BOOLEAN, Released DATE NULL,
//	            Updated date-time NULL, Guid UUID NULL)
//	OrderLines (OrderID, ProductID → Products, Quantity; composite key)
//	Shipments  (ShipmentID PK, OrderID, ProductID, Shipped BOOLEAN NULL;
//	            (OrderID, ProductID) → OrderLines: a composite foreign key)
//
// The data is in fixtureProducts below: case variants, a trailing space,
// wildcard characters, non-ASCII text, binary-inexact decimals, NULLs,
// date-times in several forms (SQLite) and an upper-case GUID. Category 4
// has no products and line (101,1) no shipments (empty collections for
// any/all/$count); line (100,1) has a shipment with Shipped NULL.
func Fixture(dialect string) []string {
	q, ok := quotes[dialect]
	if !ok {
		return nil
	}
	id := func(s string) string { return q + s + q }
	types := columnTypes[dialect]
	ddl := []string{
		fmt.Sprintf("CREATE TABLE %s (%s %s PRIMARY KEY, %s VARCHAR(40) NOT NULL, %s VARCHAR(200) NULL)",
			id("Categories"), id("CategoryID"), types.integer, id("Name"), id("Description")),
		fmt.Sprintf("CREATE TABLE %s (%s %s PRIMARY KEY, %s VARCHAR(40) NOT NULL, %s %s NULL, "+
			"%s DECIMAL(10,2) NULL, %s %s NULL, %s %s NULL, %s BOOLEAN NOT NULL, %s DATE NULL, %s %s NULL, %s UUID NULL, "+
			"FOREIGN KEY (%s) REFERENCES %s (%s))",
			id("Products"), id("ProductID"), types.integer, id("Name"), id("CategoryID"), types.integer,
			id("Price"), id("Stock"), types.integer, id("Weight"), types.double, id("Discontinued"), id("Released"),
			id("Updated"), types.datetime, id("Guid"), id("CategoryID"), id("Categories"), id("CategoryID")),
		fmt.Sprintf("CREATE TABLE %s (%s %s NOT NULL, %s %s NOT NULL, %s %s NOT NULL, PRIMARY KEY (%s, %s), "+
			"FOREIGN KEY (%s) REFERENCES %s (%s))",
			id("OrderLines"), id("OrderID"), types.integer, id("ProductID"), types.integer,
			id("Quantity"), types.integer, id("OrderID"), id("ProductID"), id("ProductID"), id("Products"), id("ProductID")),
		fmt.Sprintf("CREATE TABLE %s (%s %s PRIMARY KEY, %s %s NOT NULL, %s %s NOT NULL, %s BOOLEAN NULL, "+
			"FOREIGN KEY (%s, %s) REFERENCES %s (%s, %s))",
			id("Shipments"), id("ShipmentID"), types.integer, id("OrderID"), types.integer, id("ProductID"), types.integer,
			id("Shipped"), id("OrderID"), id("ProductID"), id("OrderLines"), id("OrderID"), id("ProductID")),
	}
	ins := func(table string, rows []string) string {
		return "INSERT INTO " + id(table) + " VALUES " + strings.Join(rows, ", ")
	}
	var products []string
	for _, p := range fixtureProducts {
		updated := "NULL"
		if p.updated != "" {
			updated = types.timeLiteral(p)
		}
		products = append(products, fmt.Sprintf("(%d, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
			p.id, sqlString(p.name), p.category, p.price, p.stock, p.weight, types.boolean(p.discontinued),
			nullOrString(p.released), updated, nullOrString(p.guid)))
	}
	return append(ddl,
		ins("Categories", []string{"(1, 'Beverages', 'Soft drinks, coffees')", "(2, 'Condiments', NULL)", "(3, 'Produce', 'Dried fruit')",
			"(4, 'Seafood', NULL)"}),
		ins("Products", products),
		ins("OrderLines", []string{"(100, 1, 5)", "(100, 3, 2)", "(101, 1, 1)", "(101, 8, 12)"}),
		ins("Shipments", []string{"(1, 100, 1, " + types.boolean(true) + ")", "(2, 100, 1, NULL)",
			"(3, 100, 3, " + types.boolean(true) + ")", "(4, 101, 8, " + types.boolean(false) + ")"}),
	)
}

var quotes = map[string]string{"sqlite": `"`, "mysql": "`", "postgres": `"`}

type dialectTypes struct {
	integer, double, datetime string
	timeLiteral               func(p product) string
	boolean                   func(bool) string
}

var columnTypes = map[string]dialectTypes{
	"sqlite": {"INTEGER", "REAL", "DATETIME",
		func(p product) string { return sqlString(p.sqliteUpdated) },
		func(b bool) string { return map[bool]string{true: "1", false: "0"}[b] }},
	"mysql": {"INT", "DOUBLE", "DATETIME(3)",
		func(p product) string { return sqlString(p.updated) }, // UTC wall clock
		func(b bool) string { return map[bool]string{true: "TRUE", false: "FALSE"}[b] }},
	"postgres": {"INTEGER", "DOUBLE PRECISION", "TIMESTAMPTZ(3)",
		func(p product) string { return sqlString(p.updated + "+00") },
		func(b bool) string { return map[bool]string{true: "TRUE", false: "FALSE"}[b] }},
}

// product is one fixture row; numeric fields are SQL literals ("NULL" for null).
type product struct {
	id                     int
	name                   string
	category, price, stock string
	weight                 string
	discontinued           bool
	released               string // YYYY-MM-DD or ""
	updated                string // UTC "YYYY-MM-DD HH:MM:SS[.fff]" or ""
	sqliteUpdated          string // the same instant as SQLite databases write it, in varying forms
	guid                   string
}

var fixtureProducts = []product{
	{1, "Chai", "1", "18.00", "39", "0.5", false, "2024-01-15", "2024-03-01 10:00:00", "2024-03-01T10:00:00Z", "0f8fad5b-d9cb-469f-a165-70867728950e"},
	{2, "chai", "1", "19", "17", "NULL", false, "2024-02-01", "2024-03-01 23:30:15.25", "2024-03-01 23:30:15.250", ""},
	{3, "Chang ", "1", "NULL", "0", "1.25", true, "", "", "", ""},
	{4, "50% off_sale", "2", "0.10", "NULL", "2.5", false, "2024-02-29", "2023-12-31 23:00:00", "2024-01-01T01:00:00+02:00", ""},
	{5, "Ünïcode Crème", "2", "0.2", "5", "-1.5", true, "2024-12-31", "2024-07-04 12:00:00.125", "2024-07-04T12:00:00.125", "7C9E6679-7425-40DE-944B-E07FC1F90AE7"},
	{6, "Aniseed Syrup", "NULL", "10.00", "13", "0", false, "2023-06-30", "2024-01-01 00:00:00", "2024-01-01 00:00", ""},
	{7, "x*[?]y", "3", "0.30", "-3", "NULL", false, "", "", "", ""},
	{8, "Tofu", "3", "23.25", "35", "1", true, "2024-03-01", "2024-03-01 00:00:00", "2024-03-01", ""},
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func nullOrString(s string) string {
	if s == "" {
		return "NULL"
	}
	return sqlString(s)
}
