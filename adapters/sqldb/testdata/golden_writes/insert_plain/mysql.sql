INSERT INTO `Lines` (`OrderID`, `ItemID`, `Amount`) VALUES (?, ?, ?)
-- int64 1
-- int64 2
-- int64 3
