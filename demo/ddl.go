package demo

// ddl creates the demo schema: a small sales database in the spirit of the
// classic Northwind sample, with foreign keys between every table, a
// composite key (Order_Details) and a self-reference (Employees.ReportsTo).
const ddl = `
CREATE TABLE Categories (
  CategoryID   INTEGER PRIMARY KEY,
  CategoryName VARCHAR(15) NOT NULL,
  Description  TEXT
);
CREATE TABLE Suppliers (
  SupplierID  INTEGER PRIMARY KEY,
  CompanyName VARCHAR(40) NOT NULL,
  ContactName VARCHAR(30),
  City        VARCHAR(15),
  Country     VARCHAR(15),
  Phone       VARCHAR(24)
);
CREATE TABLE Products (
  ProductID       INTEGER PRIMARY KEY,
  ProductName     VARCHAR(40) NOT NULL,
  SupplierID      INTEGER REFERENCES Suppliers(SupplierID),
  CategoryID      INTEGER REFERENCES Categories(CategoryID),
  QuantityPerUnit VARCHAR(20),
  UnitPrice       DECIMAL(10,2) NOT NULL,
  UnitsInStock    SMALLINT,
  Discontinued    BOOLEAN NOT NULL
);
CREATE TABLE Customers (
  CustomerID   CHAR(5) NOT NULL PRIMARY KEY,
  CompanyName  VARCHAR(40) NOT NULL,
  ContactName  VARCHAR(30),
  ContactTitle VARCHAR(30),
  Address      VARCHAR(60),
  City         VARCHAR(15),
  Region       VARCHAR(15),
  PostalCode   VARCHAR(10),
  Country      VARCHAR(15),
  Phone        VARCHAR(24)
);
CREATE TABLE Employees (
  EmployeeID INTEGER PRIMARY KEY,
  LastName   VARCHAR(20) NOT NULL,
  FirstName  VARCHAR(10) NOT NULL,
  Title      VARCHAR(30),
  BirthDate  DATE,
  HireDate   DATE NOT NULL,
  City       VARCHAR(15),
  Country    VARCHAR(15),
  ReportsTo  INTEGER REFERENCES Employees(EmployeeID)
);
CREATE TABLE Orders (
  OrderID      INTEGER PRIMARY KEY,
  CustomerID   CHAR(5) REFERENCES Customers(CustomerID),
  EmployeeID   INTEGER NOT NULL REFERENCES Employees(EmployeeID),
  OrderDate    DATETIME NOT NULL,
  RequiredDate DATE,
  ShippedDate  DATETIME,
  Freight      DECIMAL(10,2) NOT NULL,
  ShipName     VARCHAR(40),
  ShipCity     VARCHAR(15),
  ShipCountry  VARCHAR(15)
);
CREATE TABLE Order_Details (
  OrderID   INTEGER NOT NULL REFERENCES Orders(OrderID),
  ProductID INTEGER NOT NULL REFERENCES Products(ProductID),
  UnitPrice DECIMAL(10,2) NOT NULL,
  Quantity  SMALLINT NOT NULL,
  Discount  REAL NOT NULL,
  PRIMARY KEY (OrderID, ProductID)
);
CREATE INDEX Orders_CustomerID ON Orders(CustomerID);
CREATE INDEX Orders_EmployeeID ON Orders(EmployeeID);
CREATE INDEX Orders_OrderDate ON Orders(OrderDate);
CREATE INDEX Order_Details_ProductID ON Order_Details(ProductID);
CREATE INDEX Products_CategoryID ON Products(CategoryID);
CREATE INDEX Products_SupplierID ON Products(SupplierID);
`
