"""The consultation pages, by audience; their URL map is :mod:`app.consultations.blueprint`."""
