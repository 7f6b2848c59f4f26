from django.shortcuts import get_object_or_404, render

from events.models import Agreement, Era, Event, Place, Topic


def home(request):
    context = {
        "eras": Era.objects.all(),
        "recent": Event.objects.published().order_by("-updated_at")[:10],
    }
    return render(request, "events/home.html", context)


def timeline(request):
    events = Event.objects.published().chronological().for_list()
    return render(request, "events/timeline.html", {"events": events})


def era_detail(request, slug):
    era = get_object_or_404(Era, slug=slug)
    events = Event.objects.published().in_era(era).chronological().for_list()
    return render(request, "events/era_detail.html", {"era": era, "events": events})


def event_list(request):
    events = Event.objects.published().chronological().for_list()
    return render(request, "events/event_list.html", {"events": events})


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user).for_detail(), slug=slug)
    return render(request, "events/event_detail.html", {"event": event})


def agreement_list(request):
    agreements = Agreement.objects.published().chronological()
    return render(request, "events/agreement_list.html", {"agreements": agreements})


def agreement_detail(request, slug):
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user).for_detail(), slug=slug)
    return render(request, "events/agreement_detail.html", {"agreement": agreement})


def place_detail(request, slug):
    place = get_object_or_404(Place, slug=slug)
    events = Event.objects.published().filter(places=place).chronological()
    return render(request, "events/place_detail.html", {"place": place, "events": events})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    events = Event.objects.published().filter(topics=topic).chronological()
    return render(request, "events/topic_detail.html", {"topic": topic, "events": events})
