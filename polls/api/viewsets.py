"""The polls JSON API (``/api/v1/polls/...``). Thin: abilities decide (404 when the poll may not be seen, 403 when
the action is not allowed), the services write; their refusals become 400 naming the field, a taken slot 409.

Public answering goes through ``/api/v1/polls/public/<token>/`` (no account; rate-limited per client address and
per poll, 429): the answer's ``edit_token`` is given once, on creation, and opens ``.../answers/<edit_token>/``.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from portal.core.abilities import is_active_user
from portal.core.api.permissions import AbilityPermission

from .. import meetings, selectors, services, throttle
from ..abilities import get_poll_abilities
from ..models import Booking, Poll
from .serializers import (
    AnswerSerializer,
    AnswerWriteSerializer,
    BookingActionSerializer,
    BookingSerializer,
    BookSerializer,
    CloseSerializer,
    PollSerializer,
    PollWriteSerializer,
    ResultsSerializer,
)


def _answer_data(answer, with_token=False):
    data = {
        "id": answer.pk,
        "name": answer.name,
        "comment": answer.comment,
        "votes": {str(key): value for key, value in selectors.votes_of(answer).items()},
    }
    if with_token:
        data["edit_token"] = answer.edit_token
    return data


def _results_data(poll, abilities):
    results = selectors.results(poll, with_participants=abilities["view_participants"])
    participants = None
    if abilities["view_participants"]:
        participants = []
        for answer in results["answers"]:
            row = {"name": answer.name, "votes": {str(key): value for key, value in answer.by_option.items()}}
            if abilities["view_emails"]:
                row["email"] = answer.email
            participants.append(row)
    return ResultsSerializer(
        {"answer_count": results["answer_count"], "options": results["options"], "participants": participants}
    ).data


def _conflict(error):
    return Response({"slot": [str(error)]}, status=status.HTTP_409_CONFLICT)


class PollViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Polls: mine, my groups' and those I answered (``section``); CRUD for the owner; open; close with a choice;
    results; my answer; bookings of meeting polls."""

    serializer_class = PollSerializer
    permission_classes = [AbilityPermission]
    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]
    ability_map = {
        "retrieve": "view",
        "partial_update": "update",
        "destroy": "delete",
        "open": "open",
        "close": "close",
        "results": "view_results",
        "answer": "view",
        "bookings": "view",
        "booking_action": "view",
    }
    queryset = Poll.objects.none()

    def get_abilities(self, user, poll):
        return get_poll_abilities(user, poll)

    def get_queryset(self):
        polls = selectors.my_polls(self.request.user, self.request.query_params.get("section", "all"))
        return polls.prefetch_related("options", "groups")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            selectors.attach_targeted(page, self.request.user)
        return page

    def get_object(self):
        value = str(self.kwargs.get("pk", ""))
        poll = selectors.poll_by_pk(int(value)) if value.isdigit() else None
        if poll is None or not get_poll_abilities(self.request.user, poll)["view"]:
            raise Http404
        self.check_object_permissions(self.request, poll)
        return poll

    def _poll_response(self, poll, status_code=status.HTTP_200_OK):
        return Response(self.get_serializer(selectors.poll_by_pk(poll.pk)).data, status=status_code)

    @extend_schema(request=PollWriteSerializer, responses={201: PollSerializer})
    def create(self, request, *args, **kwargs):
        serializer = PollWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kwargs = serializer.service_kwargs()
        if "title" not in kwargs:
            return Response({"title": [_("Le titre est obligatoire.")]}, status=status.HTTP_400_BAD_REQUEST)
        poll = services.create_poll(request.user, **kwargs)
        return self._poll_response(poll, status.HTTP_201_CREATED)

    @extend_schema(request=PollWriteSerializer, responses=PollSerializer)
    def partial_update(self, request, *args, **kwargs):
        poll = self.get_object()
        serializer = PollWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_poll(request.user, poll, **serializer.service_kwargs(poll))
        return self._poll_response(poll)

    def perform_destroy(self, instance):
        services.delete_poll(self.request.user, instance)

    @extend_schema(request=None, responses=PollSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        poll = self.get_object()
        services.open_poll(request.user, poll)
        return self._poll_response(poll)

    @extend_schema(request=CloseSerializer, responses=PollSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        poll = self.get_object()
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.close_poll(request.user, poll, serializer.validated_data.get("option"))
        return self._poll_response(poll)

    @extend_schema(responses=ResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """Counts per option; the participants unless hidden (e-mails for the owner only)."""
        poll = self.get_object()
        return Response(_results_data(poll, get_poll_abilities(request.user, poll)))

    @extend_schema(methods=["get", "delete"], request=None, responses=AnswerSerializer)
    @extend_schema(methods=["put"], request=AnswerWriteSerializer, responses=AnswerSerializer)
    @action(detail=True, methods=["get", "put", "delete"])
    def answer(self, request, pk=None):
        """My answer: GET it (404 when none), PUT creates or replaces it, DELETE withdraws it."""
        poll = self.get_object()
        mine = selectors.answer_of_user(poll, request.user)
        if request.method == "PUT":
            serializer = AnswerWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            answer = services.submit_answer(
                poll, user=request.user, votes=data.get("votes", {}), comment=data.get("comment", "")
            )
            return Response(_answer_data(answer), status=status.HTTP_201_CREATED if mine is None else 200)
        if mine is None:
            raise Http404
        if request.method == "DELETE":
            services.delete_answer(poll, mine, user=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(_answer_data(mine))

    @extend_schema(methods=["get"], request=None, responses=BookingSerializer(many=True))
    @extend_schema(methods=["post"], request=BookSerializer, responses={201: BookingSerializer})
    @action(detail=True, methods=["get", "post"])
    def bookings(self, request, pk=None):
        """GET: every booking (owner, with names) or mine. POST ``{"slot": id}``: book a slot (409 when taken)."""
        poll = self.get_object()
        if request.method == "POST":
            serializer = BookSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            try:
                booking = meetings.book_slot(poll, serializer.validated_data["slot"], user=request.user)
            except meetings.SlotTaken as error:
                return _conflict(error)
            return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)
        bookings = Booking.objects.filter(poll=poll).select_related("slot", "answer")
        if not get_poll_abilities(request.user, poll)["manage_bookings"]:
            bookings = bookings.filter(answer__user_id=request.user.pk)
        return Response(BookingSerializer(bookings.order_by("slot__start"), many=True).data)

    @extend_schema(operation_id="polls_booking_action", request=BookingActionSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"], url_path=r"bookings/(?P<booking_id>\d+)/(?P<operation>confirm|cancel|move)")
    def booking_action(self, request, pk=None, booking_id=None, operation=None):
        """The owner confirms, moves or cancels a booking; the booker moves or cancels their own."""
        poll = self.get_object()
        booking = Booking.objects.select_related("slot", "answer").filter(poll=poll, pk=booking_id).first()
        if booking is None:
            raise Http404
        serializer = BookingActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            if operation == "confirm":
                booking = meetings.confirm_booking(request.user, poll, booking)
            elif operation == "move":
                booking = meetings.move_booking(poll, booking, data.get("slot"), user=request.user)
            else:
                meetings.cancel_booking(poll, booking, user=request.user, message=data.get("message", ""))
                return Response(status=status.HTTP_204_NO_CONTENT)
        except meetings.SlotTaken as error:
            return _conflict(error)
        return Response(BookingSerializer(booking).data)


class PublicPollViewSet(viewsets.GenericViewSet):
    """A public poll through its secret link, without an account."""

    permission_classes = [AllowAny]
    serializer_class = PollSerializer
    lookup_field = "token"
    lookup_value_regex = r"[A-Za-z0-9_-]+"

    def _poll(self):
        poll = selectors.poll_by_token(self.kwargs.get("token"))
        if poll is None or not get_poll_abilities(self.request.user, poll, via_link=True)["view"]:
            raise Http404
        writing = self.request.method not in ("GET", "HEAD", "OPTIONS") and not is_active_user(self.request.user)
        if writing and not throttle.allow(self.request, poll):
            raise Throttled(detail=_("Trop de réponses depuis votre adresse : réessayez plus tard."))
        return poll

    def _answer(self, poll):
        answer = selectors.answer_by_token(poll, self.kwargs.get("edit_token"))
        if answer is None:
            raise Http404
        return answer

    def retrieve(self, request, token=None):
        """The poll, its options and its results (participants only when not hidden; never e-mails)."""
        poll = self._poll()
        abilities = get_poll_abilities(request.user, poll, via_link=True)
        data = PollSerializer(poll, context={"request": request, "via_link": True}).data
        data["results"] = _results_data(poll, abilities)
        return Response(data)

    @extend_schema(request=AnswerWriteSerializer, responses={201: AnswerSerializer})
    @action(detail=True, methods=["post"])
    def answers(self, request, token=None):
        """Answer (a new answer each time: keep the returned ``edit_token`` to change it)."""
        poll = self._poll()
        serializer = AnswerWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answer = services.submit_answer(
            poll,
            user=request.user,
            name=data.get("name", ""),
            email=data.get("email", ""),
            votes=data.get("votes", {}),
            comment=data.get("comment", ""),
            via_link=True,
        )
        return Response(_answer_data(answer, with_token=not is_active_user(request.user)), status=201)

    @extend_schema(methods=["get", "delete"], request=None, responses=AnswerSerializer)
    @extend_schema(methods=["put"], request=AnswerWriteSerializer, responses=AnswerSerializer)
    @action(detail=True, methods=["get", "put", "delete"], url_path=r"answers/(?P<edit_token>[A-Za-z0-9_-]+)")
    def my_answer(self, request, token=None, edit_token=None):
        """A public respondent's own answer, through their edit token: read, change or delete it."""
        poll = self._poll()
        answer = self._answer(poll)
        if request.method == "GET":
            return Response(_answer_data(answer))
        if request.method == "DELETE":
            services.delete_answer(poll, answer)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = AnswerWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answer = services.submit_answer(
            poll,
            answer=answer,
            name=data.get("name", answer.name),
            email=data.get("email", answer.email),
            votes=data.get("votes", {}),
            comment=data.get("comment", ""),
            via_link=True,
        )
        return Response(_answer_data(answer))

    @extend_schema(request=BookSerializer, responses={201: AnswerSerializer})
    @action(detail=True, methods=["post"])
    def book(self, request, token=None):
        """Book a slot of a public meeting poll (409 when taken); the answer's ``edit_token`` manages it."""
        poll = self._poll()
        serializer = BookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if is_active_user(request.user):
            raise PermissionDenied(_("Réservez depuis la page du sondage avec votre compte."))
        try:
            booking = meetings.book_slot(
                poll, data["slot"], name=data.get("name", ""), email=data.get("email", ""), via_link=True
            )
        except meetings.SlotTaken as error:
            return _conflict(error)
        return Response(_answer_data(booking.answer, with_token=True), status=201)
