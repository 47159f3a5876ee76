UPDATE "Items" SET "Name" = ?, "Price" = ? WHERE "Items"."ID" = ?
-- string "O'Brien"
-- float64 12.5
-- int64 7
