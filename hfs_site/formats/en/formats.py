# English dates as the site always wrote them, month names in full ("September 5, 2010"), where
# Django's own English formats abbreviate some ("Sept. 5, 2010"). Other languages use Django's.
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, P"
