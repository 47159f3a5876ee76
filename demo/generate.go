package demo

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
)

// Sizes of the generated data.
const (
	numSuppliers = 29
	numProducts  = 77
	numCustomers = 91
	numEmployees = 15
	numOrders    = 5000
	firstOrderID = 10248
)

// seed fixes the generator: the same seed gives the same database.
var seed = [2]uint64{0x0da7a6, 2026}

// epoch is the first order date; orders span three years from it.
var epoch = time.Date(2022, time.January, 3, 8, 0, 0, 0, time.UTC)

type generator struct {
	r         *rand.Rand
	tx        *sql.Tx
	customers []customer
	prices    []int // product unit prices in cents, by ProductID-1
}

type customer struct {
	id, name string
	place    place
}

func (g *generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

// cents formats an amount in cents as decimal text ("12.50").
func cents(c int) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }

// nullable returns nil (NULL) with probability p percent, else v.
func (g *generator) nullable(p int, v any) any {
	if g.r.IntN(100) < p {
		return nil
	}
	return v
}

// insert prepares stmt once and runs it for every row rows yields.
func (g *generator) insert(ctx context.Context, stmt string, n int, row func(i int) []any) error {
	ps, err := g.tx.PrepareContext(ctx, stmt)
	if err != nil {
		return err
	}
	defer ps.Close()
	for i := 0; i < n; i++ {
		if _, err := ps.ExecContext(ctx, row(i)...); err != nil {
			return fmt.Errorf("%s: row %d: %w", strings.Fields(stmt)[2], i, err)
		}
	}
	return nil
}

func (g *generator) run(ctx context.Context) error {
	steps := []func(context.Context) error{g.categories, g.suppliers, g.products, g.customersTable, g.employees, g.orders}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (g *generator) categories(ctx context.Context) error {
	return g.insert(ctx, `INSERT INTO Categories (CategoryID, CategoryName, Description) VALUES (?, ?, ?)`,
		len(categories), func(i int) []any { return []any{i + 1, categories[i].name, categories[i].description} })
}

func (g *generator) suppliers(ctx context.Context) error {
	return g.insert(ctx, `INSERT INTO Suppliers (SupplierID, CompanyName, ContactName, City, Country, Phone) VALUES (?, ?, ?, ?, ?, ?)`,
		numSuppliers, func(i int) []any {
			p := places[g.r.IntN(len(places))]
			name := companyFirst[(i*7)%len(companyFirst)] + " " + g.pick(companySecond)
			return []any{i + 1, truncate(name, 40), g.pick(firstNames) + " " + g.pick(lastNames), p.city, p.country,
				g.nullable(10, g.phone())}
		})
}

func (g *generator) products(ctx context.Context) error {
	seen := map[string]bool{}
	return g.insert(ctx, `INSERT INTO Products (ProductID, ProductName, SupplierID, CategoryID, QuantityPerUnit, UnitPrice, UnitsInStock, Discontinued)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, numProducts, func(i int) []any {
		cat := i % len(categories)
		words := productWords[cat]
		var name string
		for name == "" || seen[name] {
			name = truncate(g.pick(words[0])+" "+g.pick(words[1]), 40)
		}
		seen[name] = true
		price := 250 + g.r.IntN(60)*g.r.IntN(60)*7 + g.r.IntN(100)
		g.prices = append(g.prices, price)
		return []any{i + 1, name, g.nullable(3, 1+g.r.IntN(numSuppliers)), cat + 1, g.nullable(5, g.pick(units)),
			cents(price), g.nullable(4, g.r.IntN(130)), g.r.IntN(10) == 0}
	})
}

func (g *generator) customersTable(ctx context.Context) error {
	ids, names := map[string]bool{}, map[string]bool{}
	for i := 0; i < numCustomers; i++ {
		var name string
		for name == "" || names[name] {
			name = truncate(companyFirst[i%len(companyFirst)]+" "+g.pick(companySecond), 40)
		}
		names[name] = true
		g.customers = append(g.customers, customer{id: customerID(name, ids), name: name, place: places[g.r.IntN(len(places))]})
	}
	return g.insert(ctx, `INSERT INTO Customers (CustomerID, CompanyName, ContactName, ContactTitle, Address, City, Region, PostalCode, Country, Phone)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, numCustomers, func(i int) []any {
		c := g.customers[i]
		var region any
		if c.place.region != "" {
			region = c.place.region
		}
		return []any{c.id, c.name, g.pick(firstNames) + " " + g.pick(lastNames), g.nullable(5, g.pick(contactTitles)),
			fmt.Sprintf("%s %d", g.pick(streets), 1+g.r.IntN(200)), c.place.city, region, g.nullable(3, c.place.postal),
			c.place.country, g.nullable(5, g.phone())}
	})
}

// customerID makes a 5-letter code from a company name in the style of
// 'ALFKI': its letters in upper case (accents dropped), padded with X, the
// last letter varied until the code is unused.
func customerID(name string, used map[string]bool) string {
	var b []rune
	for _, r := range name {
		r = unicode.ToUpper(foldAccent(r))
		if r >= 'A' && r <= 'Z' {
			b = append(b, r)
		}
	}
	for len(b) < 5 {
		b = append(b, 'X')
	}
	b = b[:5]
	for c := 'A'; used[string(b)]; c++ {
		b[4] = c
	}
	used[string(b)] = true
	return string(b)
}

func foldAccent(r rune) rune {
	const from, to = "áàâäãåéèêëíìîïóòôöõøúùûüñçÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕØÚÙÛÜÑÇ", "aaaaaaeeeeiiiioooooouuuuncAAAAAAEEEEIIIIOOOOOOUUUUNC"
	if i := strings.IndexRune(from, r); i >= 0 {
		return []rune(to)[len([]rune(from[:i]))]
	}
	return r
}

func (g *generator) phone() string {
	return fmt.Sprintf("(%d) %03d-%04d", 1+g.r.IntN(99), g.r.IntN(1000), g.r.IntN(10000))
}

func (g *generator) employees(ctx context.Context) error {
	return g.insert(ctx, `INSERT INTO Employees (EmployeeID, LastName, FirstName, Title, BirthDate, HireDate, City, Country, ReportsTo)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, numEmployees, func(i int) []any {
		id, title := i+1, employeeTitles[2]
		var boss any
		switch {
		case id == 1:
			title = employeeTitles[0]
		case id <= 4:
			title, boss = employeeTitles[1], 1
		case id == numEmployees:
			title, boss = employeeTitles[3], 2
		default:
			boss = 2 + id%3
		}
		birth := time.Date(1955+g.r.IntN(40), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28), 0, 0, 0, 0, time.UTC)
		hire := time.Date(2008+g.r.IntN(13), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28), 0, 0, 0, 0, time.UTC)
		p := places[g.r.IntN(len(places))]
		return []any{id, lastNames[(i*3+1)%len(lastNames)], truncate(firstNames[(i*5)%len(firstNames)], 10), title,
			g.nullable(7, birth.Format(dateLayout)), hire.Format(dateLayout), p.city, p.country, boss}
	})
}

const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02 15:04:05"
)

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
