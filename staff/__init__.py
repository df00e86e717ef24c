"""The staff's side of signing in: the admin site and its second factor (django-otp).

Not an app of its own: `apps.StaffAdminConfig` installs Django's admin with `sites.StaffAdminSite`
as `admin.site`, so every app registers its models there as usual.
"""
