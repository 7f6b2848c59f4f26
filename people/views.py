from django.shortcuts import get_object_or_404, render

from people.models import Person


def person_list(request):
    people = Person.objects.visible_to(request.user)
    return render(request, "people/person_list.html", {"people": people})


def person_detail(request, slug):
    person = get_object_or_404(Person.objects.visible_to(request.user).for_detail(), slug=slug)
    return render(request, "people/person_detail.html", {"person": person})
