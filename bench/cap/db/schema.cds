// The demo tables as they are in the benchmark's SQLite file (bench/mkdb):
// no namespace, so that each entity's table is the table of the same name.
@cds.persistence.exists entity Categories {
  key CategoryID : Integer64;
  CategoryName   : String(15);
  Description    : LargeString;
  Products       : Association to many Products on Products.CategoryID = CategoryID;
}
@cds.persistence.exists entity Suppliers {
  key SupplierID : Integer64;
  CompanyName    : String(40);
  ContactName    : String(30);
  City           : String(15);
  Country        : String(15);
  Phone          : String(24);
  Products       : Association to many Products on Products.SupplierID = SupplierID;
}
@cds.persistence.exists entity Products {
  key ProductID   : Integer64;
  ProductName     : String(40);
  SupplierID      : Integer64;
  CategoryID      : Integer64;
  QuantityPerUnit : String(20);
  UnitPrice       : Decimal(10, 2);
  UnitsInStock    : Integer;
  Discontinued    : Boolean;
  Supplier        : Association to one Suppliers on Supplier.SupplierID = SupplierID;
  Category        : Association to one Categories on Category.CategoryID = CategoryID;
}
@cds.persistence.exists entity Customers {
  key CustomerID : String(5);
  CompanyName    : String(40);
  ContactName    : String(30);
  ContactTitle   : String(30);
  Address        : String(60);
  City           : String(15);
  Region         : String(15);
  PostalCode     : String(10);
  Country        : String(15);
  Phone          : String(24);
  Orders         : Association to many Orders on Orders.CustomerID = CustomerID;
}
@cds.persistence.exists entity Employees {
  key EmployeeID : Integer64;
  LastName       : String(20);
  FirstName      : String(10);
  Title          : String(30);
  BirthDate      : Date;
  HireDate       : Date;
  City           : String(15);
  Country        : String(15);
  ReportsTo      : Integer64;
  Manager        : Association to one Employees on Manager.EmployeeID = ReportsTo;
}
@cds.persistence.exists entity Orders {
  key OrderID   : Integer64;
  CustomerID    : String(5);
  EmployeeID    : Integer64;
  OrderDate     : DateTime;
  RequiredDate  : Date;
  ShippedDate   : DateTime;
  Freight       : Decimal(10, 2);
  ShipName      : String(40);
  ShipCity      : String(15);
  ShipCountry   : String(15);
  Customer      : Association to one Customers on Customer.CustomerID = CustomerID;
  Employee      : Association to one Employees on Employee.EmployeeID = EmployeeID;
  Order_Details : Association to many Order_Details on Order_Details.OrderID = OrderID;
}
@cds.persistence.exists entity Order_Details {
  key OrderID   : Integer64;
  key ProductID : Integer64;
  UnitPrice     : Decimal(10, 2);
  Quantity      : Integer;
  Discount      : Double;
  Order         : Association to one Orders on Order.OrderID = OrderID;
  Product       : Association to one Products on Product.ProductID = ProductID;
}
