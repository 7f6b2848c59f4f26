"""Create, update or leave alone imported records, in bulk, with their history.

A dataset turns its files into ``Incoming`` records (a stable key, the values to store, the rows
of child tables and many-to-many links) and hands them to ``Sync.run`` in batches. For each batch
``Sync`` loads the records already stored under those keys and compares fingerprints
(lib/importing.py):

- the current values hash like the incoming ones: *unchanged*, nothing is written;
- the current values no longer hash to the stored ``import_hash`` (or there is none: a record made
  by hand): a curator edited it, so it is *skipped* and listed, unless ``overwrite`` is set;
- otherwise the source changed: *updated*, with a history row saying so.

New records are written with ``bulk_create`` and their history with ``bulk_history_create``; since
bulk writes skip ``save()``, ``fill_derived()`` is called here, EDTF bounds are filled by the
field's ``pre_save`` on insert and by ``update_bounds`` before ``bulk_update`` (which calls neither).
"""

from dataclasses import dataclass, field

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lib.dates import EDTFField
from lib.importing import fingerprint
from lib.publishing import PUBLIC_STATUSES

BATCH_SIZE = 500


@dataclass(frozen=True)
class Child:
    """Rows of a child table stored with their parent (an essay's sections, a person's other names).

    ``identity`` matches stored rows to incoming ones by those fields (rows that must stay unique);
    without it rows are matched by position. ``refs`` maps a foreign key to (model, key field):
    incoming rows and fingerprints give the target's source key, resolved to an id when written.
    """

    name: str
    model: type
    fk: str
    fields: tuple
    identity: tuple = ()
    refs: dict = field(default_factory=dict)

    def db_field(self, name):
        return f"{name}_id" if name in self.refs else name


@dataclass(frozen=True)
class Spec:
    model: type
    key: str
    fields: tuple
    label: str
    children: tuple = ()
    m2m: tuple = ()
    slugged: bool = True


@dataclass
class Incoming:
    key: str
    values: dict
    record: str = ""  # how the report names it: a title, a name
    slug: str = ""  # text for the slug of a new record
    children: dict = field(default_factory=dict)  # Child.name -> [ {field: value} ]
    m2m: dict = field(default_factory=dict)  # field name -> set of ids
    file: str = ""
    line: int | None = None
    fixed_slug: str = ""  # a slug chosen beforehand (when other records' text links to it)


def by_key(model, keys, key="source_key"):
    """The records stored under these source keys.

    A key's unique index leaves out the empty key, and the database uses such a partial index only
    when the query leaves it out too: without the ``exclude`` both databases scan the whole table,
    once per batch.
    """
    return model._default_manager.filter(**{f"{key}__in": keys}).exclude(**{key: ""}).order_by()


def _rows(child, rows):
    values = [[row[name] for name in child.fields] for row in rows]
    return sorted(values, key=repr) if child.identity else values


def snapshot(spec, values, children, m2m):
    """What a fingerprint covers: the same shape whether built from the source or read from the database."""
    return {
        "values": {name: values[name] for name in spec.fields},
        "children": {child.name: _rows(child, children.get(child.name, [])) for child in spec.children},
        "m2m": {name: sorted(m2m.get(name, ())) for name in spec.m2m},
    }


class Sync:
    def __init__(self, context, spec, batch_size=BATCH_SIZE):
        self.context, self.spec, self.model = context, spec, spec.model
        self.batch_size = batch_size
        self.report = context.report
        # Shared by every Sync of the model in this run: a post id in two files is a duplicate too.
        self.seen = context.seen[spec.model]
        self._slugs = None
        self._lengths = {
            f.attname: f.max_length for f in self.model._meta.concrete_fields if getattr(f, "max_length", None)
        }
        self._history_m2m = {}

    # Entry point -----------------------------------------------------------------------------

    def run(self, incoming):
        """Sync an iterable of Incoming records; returns {key: pk} of every record now stored under a key."""
        stored = {}
        batch = []
        for item in incoming:
            if item.key in self.seen:
                self.report.problem(
                    item.file, item.line, item.record, f"duplicate id “{item.key}”: only the first is kept."
                )
                continue
            self.seen.add(item.key)
            self._fit(item)
            batch.append(item)
            if len(batch) >= self.batch_size:
                stored.update(self._sync_batch(batch))
                batch = []
        if batch:
            stored.update(self._sync_batch(batch))
        return stored

    # Comparing -------------------------------------------------------------------------------

    def _fit(self, item):
        """Cut text to its column's length (PostgreSQL refuses longer text; SQLite would keep it, unlike the hash)."""
        for name, value in item.values.items():
            limit = self._lengths.get(name)
            if limit and isinstance(value, str) and len(value) > limit:
                item.values[name] = value[: limit - 1].rstrip() + "…"
        for child in self.spec.children:
            lengths = {
                f.attname: f.max_length for f in child.model._meta.concrete_fields if getattr(f, "max_length", None)
            }
            for row in item.children.get(child.name, []):
                for name, value in row.items():
                    limit = lengths.get(name)
                    if limit and isinstance(value, str) and len(value) > limit:
                        row[name] = value[: limit - 1].rstrip() + "…"

    def _sync_batch(self, batch):
        spec = self.spec
        existing = {getattr(obj, spec.key): obj for obj in by_key(self.model, [item.key for item in batch], spec.key)}
        current = self._load_current(list(existing.values()))
        creates, updates, rehash = [], [], []
        for item in batch:
            new_hash = fingerprint(snapshot(spec, item.values, item.children, item.m2m))
            obj = existing.get(item.key)
            if obj is None:
                creates.append((item, new_hash))
                continue
            values, rows, links = current[obj.pk]
            current_hash = fingerprint(snapshot(spec, values, {k: [r for _, r in v] for k, v in rows.items()}, links))
            if current_hash == new_hash:
                self.report.count(spec.label, "unchanged")
                if obj.import_hash != new_hash:
                    obj.import_hash = new_hash
                    rehash.append(obj)
            elif current_hash != obj.import_hash and not self.context.overwrite:
                self.report.count(spec.label, "skipped")
                self.report.skip(spec.label, item.key, obj)
            else:
                updates.append((item, obj, new_hash, rows, links))
        if rehash:
            self.model._default_manager.bulk_update(rehash, ["import_hash"])
        stored = {key: obj.pk for key, obj in existing.items()}
        stored.update(self._create(creates))
        self._update(updates)
        return stored

    def _load_current(self, objs):
        """{pk: (values, {child: [(row object, row values)]}, {m2m: ids})} for stored records."""
        pks = [obj.pk for obj in objs]
        current = {obj.pk: ({name: getattr(obj, name) for name in self.spec.fields}, {}, {}) for obj in objs}
        if not pks:
            return current
        for child in self.spec.children:
            for obj in objs:
                current[obj.pk][1][child.name] = []
            queryset = child.model._default_manager.filter(**{f"{child.fk}_id__in": pks})
            if child.refs:
                queryset = queryset.select_related(*child.refs)
            order = ["order", "id"] if "order" in {f.name for f in child.model._meta.fields} else ["id"]
            for row in queryset.order_by(*order):
                values = {}
                for name in child.fields:
                    if name in child.refs:
                        target = getattr(row, name)
                        key = getattr(target, child.refs[name][1])
                        values[name] = key or f"#{target.pk}"
                    else:
                        values[name] = getattr(row, name)
                current[getattr(row, f"{child.fk}_id")][1][child.name].append((row, values))
        for name in self.spec.m2m:
            through, source, target = self._through(name)
            for obj in objs:
                current[obj.pk][2][name] = set()
            for owner, linked in through.objects.filter(**{f"{source}__in": pks}).values_list(source, target):
                current[owner][2][name].add(linked)
        return current

    def _through(self, name):
        m2m = self.model._meta.get_field(name)
        return m2m.remote_field.through, f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"

    # Writing ---------------------------------------------------------------------------------

    def _new_slug(self, text):
        if self._slugs is None:
            from events.hsg.base import Slugs

            self._slugs = Slugs(self.model)
        return self._slugs.allocate(text)

    def _create(self, creates):
        if not creates:
            return {}
        spec, now = self.spec, timezone.now()
        objs = []
        for item, new_hash in creates:
            obj = self.model(**item.values, **{spec.key: item.key})
            if spec.slugged:
                obj.slug = item.fixed_slug or self._new_slug(item.slug or item.record or item.key)
            status = item.values.get("status")
            if status in PUBLIC_STATUSES:
                obj.published_at = now
            obj.import_hash, obj.imported_at = new_hash, now
            obj._change_reason = self.context.reason(item.file)
            if hasattr(obj, "fill_derived"):
                obj.fill_derived()
            objs.append(obj)
        objs = self.model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
        history = self.model.history.bulk_history_create(objs, batch_size=BATCH_SIZE, default_user=self.context.user)
        for obj, (item, _) in zip(objs, creates, strict=True):
            obj._item = item
        self._write_children([(obj, obj._item, {}) for obj in objs])
        self._write_m2m([(obj, obj._item, {}) for obj in objs], history)
        self.report.count(spec.label, "created", len(objs))
        return {getattr(obj, spec.key): obj.pk for obj in objs}

    def _update(self, updates):
        if not updates:
            return
        now = timezone.now()
        skip = {"id", "created_at", "slug", self.spec.key}
        columns = [f.attname for f in self.model._meta.concrete_fields if f.attname not in skip and not f.primary_key]
        edtf = [f for f in self.model._meta.concrete_fields if isinstance(f, EDTFField)]
        objs = []
        for item, obj, new_hash, _, _ in updates:
            for name, value in item.values.items():
                setattr(obj, name, value)
            if getattr(obj, "status", None) in PUBLIC_STATUSES and obj.published_at is None:
                obj.published_at = now
            for edtf_field in edtf:
                edtf_field.update_bounds(obj)
            if hasattr(obj, "fill_derived"):
                obj.fill_derived()
            if hasattr(obj, "updated_at"):
                obj.updated_at = now
            obj.import_hash, obj.imported_at = new_hash, now
            obj._change_reason = self.context.reason(item.file)
            objs.append(obj)
        self.model._default_manager.bulk_update(objs, columns, batch_size=BATCH_SIZE)
        history = self.model.history.bulk_history_create(
            objs, batch_size=BATCH_SIZE, update=True, default_user=self.context.user
        )
        triples = [(obj, item, rows) for (item, obj, _, rows, _) in updates]
        self._write_children(triples)
        self._write_m2m([(obj, item, links) for (item, obj, _, _, links) in updates], history)
        self.report.count(self.spec.label, "updated", len(objs))

    def _write_children(self, triples):
        """Bring each child table in line with the incoming rows: update in place, add, delete the rest."""
        user = self.context.user
        for child in self.spec.children:
            resolved = self._resolve_refs(child, triples)
            creates, updates, deletes = [], [], []
            for obj, item, stored in triples:
                reason = self.context.reason(item.file)
                old = list(stored.get(child.name, []))
                incoming = item.children.get(child.name, [])
                if child.identity:
                    by_identity = {tuple(values[n] for n in child.identity): row for row, values in old}
                    pairs = [(by_identity.pop(tuple(r[n] for n in child.identity), None), r) for r in incoming]
                    leftovers = list(by_identity.values())
                else:
                    pairs = [(old[i][0] if i < len(old) else None, r) for i, r in enumerate(incoming)]
                    leftovers = [row for row, _ in old[len(incoming) :]]
                for row, values in pairs:
                    if any((n, values[n]) not in resolved for n in child.refs):
                        continue  # Its target is not stored (yet): the next run links it.
                    db_values = {
                        child.db_field(n): resolved[(n, v)] if n in child.refs else v for n, v in values.items()
                    }
                    if row is None:
                        row = child.model(**{f"{child.fk}_id": obj.pk}, **db_values)
                        row._change_reason = reason
                        creates.append(row)
                    elif any(getattr(row, name) != value for name, value in db_values.items()):
                        for name, value in db_values.items():
                            setattr(row, name, value)
                        row._change_reason = reason
                        updates.append(row)
                for row in leftovers:
                    row._change_reason = reason
                    deletes.append(row)
            for row in creates + updates:
                if hasattr(row, "fill_derived"):
                    row.fill_derived()
            if creates:
                bulk_create_with_history(creates, child.model, batch_size=BATCH_SIZE, default_user=user)
            if updates:
                columns = [f.attname for f in child.model._meta.concrete_fields if not f.primary_key]
                bulk_update_with_history(updates, child.model, columns, batch_size=BATCH_SIZE, default_user=user)
            for row in deletes:
                # One by one so each deletion is in the history with its user (rare: only when a source shrinks).
                row._history_user = user
                row.delete()

    def _resolve_refs(self, child, triples):
        """{(field, source key): id} for the targets the incoming rows name."""
        resolved = {}
        for name, (model, key_field) in child.refs.items():
            keys = {row[name] for _, item, _ in triples for row in item.children.get(child.name, [])}
            for key, pk in by_key(model, keys, key_field).values_list(key_field, "pk"):
                resolved[(name, key)] = pk
            for key in keys:
                if key.startswith("#"):
                    resolved[(name, key)] = int(key[1:])
        return resolved

    def _write_m2m(self, triples, history):
        """Add and remove links, then copy the links onto the new history rows (simple-history's m2m tables)."""
        if not self.spec.m2m:
            return
        for name in self.spec.m2m:
            through, source, target = self._through(name)
            add, remove = [], []
            for obj, item, stored in triples:
                old, new = stored.get(name, set()), set(item.m2m.get(name, ()))
                add += [through(**{source: obj.pk, target: linked}) for linked in sorted(new - old)]
                remove += [(obj.pk, linked) for linked in old - new]
            for owner, linked in remove:
                through.objects.filter(**{source: owner, target: linked}).delete()
            through.objects.bulk_create(add, batch_size=BATCH_SIZE)
        self._history_links(history, triples)

    def _history_links(self, history, triples):
        historical = self.model.history.model
        for name in self.spec.m2m:
            m2m_history = getattr(historical, name).model
            through, source, target = self._through(name)
            links = through.objects.filter(**{f"{source}__in": [obj.pk for obj, _, _ in triples]}).values_list(
                "id", source, target
            )
            by_owner = {}
            for link_id, owner, linked in links:
                by_owner.setdefault(owner, []).append((link_id, linked))
            rows = []
            instance_id = self.model._meta.pk.attname
            for version in history:
                for link_id, linked in by_owner.get(getattr(version, instance_id), []):
                    rows.append(
                        m2m_history(
                            history=version, **{"id": link_id, source: getattr(version, instance_id), target: linked}
                        )
                    )
            m2m_history.objects.bulk_create(rows, batch_size=BATCH_SIZE)
