UPDATE "Items" SET "Name" = $1, "Price" = CAST($2 AS NUMERIC) WHERE "Items"."ID" = CAST($3 AS INTEGER)
-- string "O'Brien"
-- string "12.5"
-- int64 7
