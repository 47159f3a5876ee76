DELETE FROM "Lines" WHERE "Lines"."OrderID" = CAST($1 AS INTEGER) AND "Lines"."ItemID" = CAST($2 AS INTEGER)
-- int64 1
-- int64 2
