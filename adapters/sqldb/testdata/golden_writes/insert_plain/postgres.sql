INSERT INTO "Lines" ("OrderID", "ItemID", "Amount") VALUES (CAST($1 AS INTEGER), CAST($2 AS INTEGER), CAST($3 AS INTEGER))
-- int64 1
-- int64 2
-- int64 3
