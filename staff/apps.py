from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """Django's admin, with the site that asks staff for a second factor as `admin.site`.

    https://docs.djangoproject.com/en/5.2/ref/contrib/admin/#overriding-the-default-admin-site
    """

    default_site = "staff.sites.StaffAdminSite"
