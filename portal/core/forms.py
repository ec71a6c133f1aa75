"""Form helpers every app shares."""

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError):
    """Show a service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
