"""The catalog in the API: who am I, services, queues, units and business-hours calendars."""
