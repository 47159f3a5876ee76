package main

import (
	"database/sql"
	"net/http"
	"strconv"
	"strings"
)

// expand: Orders?$top=50&$expand=Customer,Order_Details — the page, then one
// statement per navigation property with the page's keys, as the gateway does.
func (s *server) expand(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rows, err := s.query(ctx, `SELECT `+orderCols+` FROM Orders ORDER BY OrderID LIMIT ?`, 50)
	if err != nil {
		fail(w, err)
		return
	}
	var orders []order
	for rows.Next() {
		var o order
		if err := o.scan(rows); err != nil {
			rows.Close()
			fail(w, err)
			return
		}
		orders = append(orders, o)
	}
	rows.Close()
	custIDs, orderIDs := map[string]bool{}, make([]any, 0, len(orders))
	var custArgs []any
	for _, o := range orders {
		orderIDs = append(orderIDs, o.id)
		if o.customer.Valid && !custIDs[o.customer.String] {
			custIDs[o.customer.String] = true
			custArgs = append(custArgs, o.customer.String)
		}
	}
	customers := map[string][]byte{}
	if len(custArgs) > 0 {
		crows, err := s.query(ctx, `SELECT CustomerID, CompanyName, ContactName, ContactTitle, Address, City, Region,
			PostalCode, Country, Phone FROM Customers WHERE (CustomerID IN (`+marks(len(custArgs))+`) AND CustomerID COLLATE BINARY IN (`+
			marks(len(custArgs))+`)) ORDER BY CustomerID COLLATE BINARY`, append(custArgs, custArgs...)...)
		if err != nil {
			fail(w, err)
			return
		}
		names := []string{"CustomerID", "CompanyName", "ContactName", "ContactTitle", "Address", "City", "Region", "PostalCode", "Country", "Phone"}
		vals := make([]sql.NullString, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for crows.Next() {
			if err := crows.Scan(ptrs...); err != nil {
				crows.Close()
				fail(w, err)
				return
			}
			b := []byte{'{'}
			for i, n := range names {
				if i > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendQuote(b, n)
				b = append(b, ':')
				b = appendNullString(b, vals[i])
			}
			customers[vals[0].String] = append(b, '}')
		}
		crows.Close()
	}
	lines := map[int64][]byte{}
	drows, err := s.query(ctx, `SELECT OrderID, ProductID, UnitPrice, Quantity, Discount FROM Order_Details
		WHERE OrderID IN (`+marks(len(orderIDs))+`) ORDER BY OrderID, ProductID`, orderIDs...)
	if err != nil {
		fail(w, err)
		return
	}
	for drows.Next() {
		var oid, pid, qty int64
		var price, discount float64
		if err := drows.Scan(&oid, &pid, &price, &qty, &discount); err != nil {
			drows.Close()
			fail(w, err)
			return
		}
		b := lines[oid]
		if b != nil {
			b = append(b, ',')
		}
		b = append(b, `{"OrderID":`...)
		b = strconv.AppendInt(b, oid, 10)
		b = append(b, `,"ProductID":`...)
		b = strconv.AppendInt(b, pid, 10)
		b = append(b, `,"UnitPrice":`...)
		b = strconv.AppendFloat(b, price, 'f', -1, 64)
		b = append(b, `,"Quantity":`...)
		b = strconv.AppendInt(b, qty, 10)
		b = append(b, `,"Discount":`...)
		b = strconv.AppendFloat(b, discount, 'g', -1, 64)
		lines[oid] = append(b, '}')
	}
	drows.Close()

	b := []byte(`{"@odata.context":"http://` + r.Host + `/$metadata#Orders(Customer(),Order_Details())","value":[`)
	for i := range orders {
		o := &orders[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = o.appendJSON(b)
		b = b[:len(b)-1]
		b = append(b, `,"Customer":`...)
		if c, ok := customers[o.customer.String]; ok && o.customer.Valid {
			b = append(b, c...)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, `,"Order_Details":[`...)
		b = append(b, lines[o.id]...)
		b = append(b, "]}"...)
	}
	w.Header().Set("Content-Type", "application/json;odata.metadata=minimal")
	w.Write(append(b, "]}\n"...))
}

// marks returns n comma-separated placeholders.
func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }
