"""Budget planning and project monitoring for Thailand's local governments."""
