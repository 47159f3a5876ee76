package sqldb

import (
	"context"
	"testing"

	"odatagw/adapters"
	"odatagw/adapters/adaptertest"
	"odatagw/odataerr"
)

// applyShapes are pipelines of compute and concat in combinations the
// adapter suite does not spell out: each must run on every engine (valid
// SQL, rows read back with their column types, the count of the result
// agreeing with the rows), except the last ones (from notServedFrom on),
// which are refused with a 501.
var applyShapes = []string{
	"Items?$apply=compute(Qty mul 2 as Q2)/compute(Q2 add 1 as Q3)/filter(Q3 gt 0)/aggregate(Q3 with sum as S,Q2 with max as M)",
	"Items?$apply=compute(Category/Country as C)/groupby((C),aggregate(Price with average as A))&$orderby=A desc",
	"Items?$apply=compute(Name eq 'Acme' as IsAcme)/groupby((IsAcme,Active),aggregate($count as N))",
	"Items?$apply=groupby((Active),aggregate(Qty with sum as Q))/compute(Q mul 2 as Q2)/compute(Q2 sub Q as Q3)/filter(Q3 ge 0)/orderby(Q3 desc)/top(1)",
	"Items?$apply=groupby((Active),aggregate(Qty with sum as Q))/orderby(Q)/top(1)/compute(Q add 1 as Q1)&$filter=Q1 gt 0&$compute=Q1 mul 3 as Q3",
	"Items?$apply=concat(groupby((Active),aggregate($count as N)),groupby((Category/Country),aggregate($count as N)),aggregate($count as N))",
	"Items?$apply=concat(aggregate(Qty with sum as Q),aggregate(Price with sum as P))/filter(Q ne null)",
	"Items?$apply=concat(groupby((Name),aggregate($count as N))/filter(N gt 1),aggregate($count as N)/compute(N mul 10 as N10))/orderby(N desc)/top(3)",
	"Items?$apply=compute(Qty add 1 as Q1)/concat(aggregate(Q1 with sum as S),groupby((Active),aggregate(Q1 with sum as S)))&$skip=1&$top=2",
	"Items?$apply=concat(concat(aggregate($count as N),groupby((Active),aggregate($count as N))),aggregate(Qty with sum as N))",
	"Items?$apply=concat(aggregate($count as N),groupby((Active),aggregate($count as N)))/compute(N add 1 as N1)&$select=N1&$orderby=N1",
	// not served:
	"Items?$apply=concat(aggregate($count as N),aggregate($count as M))/groupby((N),aggregate($count as C))",
	"Items?$apply=aggregate($count as N)/concat(aggregate(N with sum as S),aggregate(N with max as M))",
	"Items?$apply=compute(Qty mul 2 as Q2)",
	"Items?$apply=concat(top(2),aggregate($count as N))",
}

const notServedFrom = 11

// checkApplyShapes runs applyShapes on src (from TestApplyEngines, per engine).
func checkApplyShapes(t *testing.T, ctx context.Context, src *Source, tm *testModel) {
	for i, req := range applyShapes {
		q, _, err := adaptertest.Plan(tm.m, req)
		var rows adapters.Rows
		if err == nil {
			rows, err = src.Query(ctx, q)
		}
		if i >= notServedFrom {
			if rows != nil {
				rows.Close()
			}
			if oe := odataerr.As(err); oe == nil || oe.Status != 501 {
				t.Errorf("%s: %v, want a 501", req, err)
			}
			continue
		}
		if err != nil {
			sqlText, _, _ := Build(src.d, q)
			t.Errorf("%s: %v\n%s", req, err, sqlText)
			continue
		}
		n := int64(0)
		for rows.Next() {
			n++
		}
		if err := rows.Err(); err != nil {
			t.Errorf("%s: %v", req, err)
		}
		rows.Close()
		cq := *q
		cq.Top, cq.Skip = -1, 0
		all, err := src.Count(ctx, &cq)
		if err != nil {
			t.Errorf("%s: count: %v", req, err)
		} else if q.Top < 0 && q.Skip == 0 && all != n {
			t.Errorf("%s: count %d, %d rows", req, all, n)
		}
	}
}
