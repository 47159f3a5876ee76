package demo

import (
	"context"
	"time"
)

var discounts = []string{"0", "0", "0", "0", "0.05", "0.1", "0.15", "0.2", "0.25"}

// orders writes Orders and their Order_Details: order dates advance through
// three years with jitter; the most recent orders are not shipped yet.
func (g *generator) orders(ctx context.Context) error {
	span := time.Date(2024, time.December, 20, 0, 0, 0, 0, time.UTC).Sub(epoch)
	type line struct {
		order, product, qty int
		price               int
		discount            string
	}
	var lines []line
	err := g.insert(ctx, `INSERT INTO Orders (OrderID, CustomerID, EmployeeID, OrderDate, RequiredDate, ShippedDate, Freight, ShipName, ShipCity, ShipCountry)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, numOrders, func(i int) []any {
		id := firstOrderID + i
		at := epoch.Add(span / numOrders * time.Duration(i)).Add(time.Duration(g.r.IntN(12*3600)) * time.Second)
		c := g.customers[g.r.IntN(len(g.customers))]
		var custID, shipName any = c.id, c.name
		if g.r.IntN(250) == 0 { // a few walk-in orders without a customer
			custID, shipName = nil, nil
		}
		var shipped any
		if i < numOrders-60 && g.r.IntN(50) != 0 {
			shipped = at.Add(time.Duration(1+g.r.IntN(10)) * 24 * time.Hour).Add(time.Duration(g.r.IntN(8*3600)) * time.Second).Format(dateTimeLayout)
		}
		n := 1 + g.r.IntN(5)
		used := map[int]bool{}
		for len(used) < n {
			p := 1 + g.r.IntN(numProducts)
			if used[p] {
				continue
			}
			used[p] = true
			lines = append(lines, line{id, p, 1 + g.r.IntN(120), g.prices[p-1], discounts[g.r.IntN(len(discounts))]})
		}
		employee := 2 + g.r.IntN(numEmployees-1)
		return []any{id, custID, employee, at.Format(dateTimeLayout), at.AddDate(0, 0, 28).Format(dateLayout), shipped,
			cents(2 + g.r.IntN(40)*g.r.IntN(2500)/3), shipName, c.place.city, c.place.country}
	})
	if err != nil {
		return err
	}
	return g.insert(ctx, `INSERT INTO Order_Details (OrderID, ProductID, UnitPrice, Quantity, Discount) VALUES (?, ?, ?, ?, ?)`,
		len(lines), func(i int) []any {
			l := lines[i]
			return []any{l.order, l.product, cents(l.price), l.qty, l.discount}
		})
}
