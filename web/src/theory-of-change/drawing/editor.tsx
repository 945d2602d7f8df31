// The drawing itself (React Flow), loaded only by the drawing page: stages as columns laid out by ELK
// (layout.ts), steps you can add, drag (into another stage's column to re-stage them) and connect by
// dragging from a step's right-hand dot to another step, links coloured and patterned by what the
// evidence found. Selecting a step or a link opens it in the side panel (panel.tsx, outside this file).
import '@xyflow/react/dist/style.css';
import './canvas.css';

import {
  Background,
  BaseEdge,
  type Connection,
  Controls,
  type Edge,
  EdgeLabelRenderer,
  type EdgeProps,
  Handle,
  MarkerType,
  type Node,
  type NodeChange,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
  applyNodeChanges,
  getBezierPath,
  getNodesBounds,
  getViewportForBounds,
  useReactFlow,
} from '@xyflow/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { type LinkValidation, type Validation, stepCount } from './api.js';
import { CLASS_LOOK, UNCLASSED, countsShort } from './evidence.js';
import { type Lane, type Layout, NODE_WIDTH, layoutModel, nodeHeight, stageAt } from './layout.js';
import { type TheoryModel, addLink, addNode, linkName, linkProblem, removeLink, removeNode, updateNode } from './model.js';

/** The drawing's printed size (drawing.css: 180 mm × 120 mm, which fits an A4 page either way round), in CSS pixels. */
const PRINT_BOX = { width: 680, height: 453 };

export type Selection = { kind: 'node' | 'link'; key: string } | null;

export interface EditorProps {
  model: TheoryModel;
  editable: boolean;
  validation: Validation | null;
  /** Each step's mapped indicators in words, with their latest totals. */
  indicators: ReadonlyMap<string, readonly string[]>;
  selection: Selection;
  onSelect: (s: Selection) => void;
  onChange: (fn: (m: TheoryModel) => TheoryModel) => void;
  /** Something the person tried that the drawing refused, in words (a link drawn twice). */
  onRefused: (message: string) => void;
}

type StepData = { label: string; stage: string; respondents: string | undefined; indicators: readonly string[]; editable: boolean };
type LaneData = { label: string; stage: string; editable: boolean; onAdd: (stage: string) => void };
type LinkData = { evidence: LinkValidation | undefined; name: string };

const StepNode = memo(function StepNode({ data, selected }: NodeProps<Node<StepData>>) {
  return (
    <div className={`toc-step${selected ? ' toc-step-selected' : ''}`}>
      <Handle type="target" position={Position.Left} isConnectable={data.editable} />
      <span className="toc-step-label">{data.label}</span>
      {data.respondents && <span className="toc-step-count">{data.respondents}</span>}
      {data.indicators.map((line) => (
        <span className="toc-step-indicator" key={line}>
          {line}
        </span>
      ))}
      <Handle type="source" position={Position.Right} isConnectable={data.editable} />
    </div>
  );
});

const LaneNode = memo(function LaneNode({ data }: NodeProps<Node<LaneData>>) {
  return (
    <div className="toc-lane">
      <div className="toc-lane-head">
        <h3 className="toc-lane-title">{data.label}</h3>
        {data.editable && (
          <button type="button" className="toc-lane-add nodrag" onClick={() => data.onAdd(data.stage)}>
            Add a step<span className="visually-hidden"> to {data.label}</span>
          </button>
        )}
      </div>
    </div>
  );
});

const ClassedEdge = memo(function ClassedEdge(props: EdgeProps<Edge<LinkData>>) {
  const [path, labelX, labelY] = getBezierPath(props);
  const ev = props.data?.evidence;
  return (
    <>
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} style={props.style} interactionWidth={24} />
      {ev && (
        <EdgeLabelRenderer>
          <div
            className={`toc-edge-label toc-class-${ev.status}${props.selected ? ' toc-edge-label-selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {countsShort(ev)}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});

const nodeTypes = { step: StepNode, lane: LaneNode };
const edgeTypes = { classed: ClassedEdge };

/** Nodes for React Flow: the stage columns first (behind), then the steps where the layout put them. */
function flowNodes(model: TheoryModel, layout: Layout, props: EditorProps, onAdd: (stage: string) => void): Node[] {
  const lanes: Node<LaneData>[] = layout.lanes.map((l) => ({
    id: `lane:${l.stage}`,
    type: 'lane',
    position: { x: l.x, y: l.y },
    width: l.width,
    height: l.height,
    style: { width: l.width, height: l.height },
    data: { label: l.label, stage: l.stage, editable: props.editable, onAdd },
    draggable: false,
    selectable: false,
    connectable: false,
    focusable: false,
    deletable: false,
    zIndex: -1,
  }));
  const steps: Node<StepData>[] = model.nodes.map((n) => ({
    id: n.key,
    type: 'step',
    // A step just dragged keeps its new place while the layout catches up; a new one starts in its column.
    position: n.position ?? layout.positions.get(n.key) ?? newPlace(layout, n.stage),
    width: NODE_WIDTH,
    height: nodeHeight(n.label, Boolean(props.validation), props.indicators.get(n.key)),
    data: {
      label: n.label,
      stage: n.stage,
      respondents: stepCount(props.validation, n.key),
      indicators: props.indicators.get(n.key) ?? [],
      editable: props.editable,
    },
    selected: props.selection?.kind === 'node' && props.selection.key === n.key,
    draggable: props.editable,
    connectable: props.editable,
    deletable: props.editable,
    ariaLabel: `Step: ${n.label}`,
  }));
  return [...lanes, ...steps];
}

function newPlace(layout: Layout, stage: string) {
  const lane = layout.lanes.find((l) => l.stage === stage);
  return { x: (lane?.x ?? 0) + 24, y: (lane?.height ?? 80) - 40 };
}

function flowEdges(model: TheoryModel, props: EditorProps): Edge<LinkData>[] {
  const evidence = new Map(props.validation?.links.map((l) => [l.key, l]));
  return model.links.map((l) => {
    const ev = evidence.get(l.key);
    const look = ev ? CLASS_LOOK[ev.status] : UNCLASSED;
    const name = linkName(model, l);
    return {
      id: l.key,
      source: l.from,
      target: l.to,
      type: 'classed',
      data: { evidence: ev, name },
      selected: props.selection?.kind === 'link' && props.selection.key === l.key,
      deletable: props.editable,
      ariaLabel: ev ? `Link: ${name}, ${CLASS_LOOK[ev.status].label.toLowerCase()}` : `Link: ${name}`,
      className: ev ? `toc-edge toc-edge-${ev.status}` : 'toc-edge',
      style: { stroke: look.colour, strokeWidth: look.width, strokeDasharray: look.dash },
      markerEnd: { type: MarkerType.ArrowClosed, color: look.colour, width: 18, height: 18 },
    };
  });
}

function Canvas(props: EditorProps) {
  const { model, onChange, onSelect, onRefused } = props;
  const flow = useReactFlow();
  const withCounts = Boolean(props.validation);
  const [layout, setLayout] = useState<Layout | null>(null);
  const [nodes, setNodes] = useState<Node[]>([]);
  const lanesRef = useRef<Lane[]>([]);
  const fitted = useRef('');

  // The layout depends on the stages, the steps (their stage, label and place) and the links; not on
  // rationale or assumptions, so typing in the side panel does not move anything.
  const shape = useMemo(
    () =>
      JSON.stringify([
        model.stages,
        model.nodes.map((n) => [n.key, n.stage, n.label, n.position]),
        model.links.map((l) => [l.from, l.to]),
        withCounts,
        [...props.indicators],
      ]),
    [model, withCounts, props.indicators],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shape` stands for the parts of the model the layout reads
  useEffect(() => {
    let live = true;
    void layoutModel(model, withCounts, props.indicators).then((l) => {
      if (!live) return;
      lanesRef.current = l.lanes;
      setLayout(l);
    });
    return () => {
      live = false;
    };
  }, [shape]);

  const addTo = useCallback(
    (stage: string) => {
      let made = '';
      onChange((m) => {
        const r = addNode(m, stage);
        made = r.key;
        return r.model;
      });
      if (made) onSelect({ kind: 'node', key: made });
    },
    [onChange, onSelect],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the model, its layout, the evidence or the selection change
  useEffect(() => {
    if (layout) setNodes(flowNodes(model, layout, props, addTo));
  }, [layout, model, props.validation, props.indicators, props.selection, props.editable, addTo]);

  // The whole drawing in view when it first shows, and again when the counts or indicators change its size;
  // not at each edit, so the drawing does not jump under the mouse.
  const fitFor = `${withCounts}|${props.indicators.size}`;
  useEffect(() => {
    if (!layout || fitted.current === fitFor) return;
    fitted.current = fitFor;
    requestAnimationFrame(() => void flow.fitView({ padding: 0.08 }));
  }, [layout, flow, fitFor]);

  const edges = useMemo(() => flowEdges(model, props), [model, props]);

  const onNodesChange = useCallback((changes: NodeChange[]) => setNodes((ns) => applyNodeChanges(changes, ns)), []);

  const onNodeDragStop = useCallback(
    (_e: unknown, node: Node) => {
      const stage = stageAt(lanesRef.current, node.position.x + NODE_WIDTH / 2);
      onChange((m) => {
        const current = m.nodes.find((n) => n.key === node.id);
        if (!current) return m;
        return updateNode(m, node.id, {
          position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
          ...(stage && stage !== current.stage ? { stage } : {}),
        });
      });
    },
    [onChange],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const problem = linkProblem(model, c.source, c.target);
      if (problem) {
        onRefused(problem.message);
        return;
      }
      const r = addLink(model, c.source, c.target);
      onChange(() => r.model);
      onSelect({ kind: 'link', key: r.key });
    },
    [model, onChange, onSelect, onRefused],
  );

  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: Node[]; edges: Edge[] }) => {
      onChange((m) => {
        let next = m;
        for (const e of cut) next = removeLink(next, e.id);
        for (const n of gone) if (n.type === 'step') next = removeNode(next, n.id);
        return next;
      });
      onSelect(null);
    },
    [onChange, onSelect],
  );

  // Printing: the whole drawing fitted into the printed box (drawing.css sets its size), then back.
  useEffect(() => {
    let before: ReturnType<typeof flow.getViewport> | null = null;
    const print = () => {
      before = flow.getViewport();
      const bounds = getNodesBounds(flow.getNodes());
      const vp = getViewportForBounds(bounds, PRINT_BOX.width, PRINT_BOX.height, 0.05, 2, 0.02);
      flushSync(() => void flow.setViewport(vp));
    };
    const after = () => {
      if (before) void flow.setViewport(before);
    };
    window.addEventListener('beforeprint', print);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', print);
      window.removeEventListener('afterprint', after);
    };
  }, [flow]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeDragStop={onNodeDragStop}
      onConnect={props.editable ? onConnect : undefined}
      onDelete={props.editable ? onDelete : undefined}
      deleteKeyCode={props.editable ? ['Delete', 'Backspace'] : null}
      onNodeClick={(_e, n) => n.type === 'step' && onSelect({ kind: 'node', key: n.id })}
      onEdgeClick={(_e, e) => onSelect({ kind: 'link', key: e.id })}
      onPaneClick={() => onSelect(null)}
      nodesDraggable={props.editable}
      nodesConnectable={props.editable}
      minZoom={0.2}
      maxZoom={2}
      ariaLabelConfig={{
        'node.a11yDescription.default': 'Press Enter or Space to select the step. Press Delete to remove it.',
        'edge.a11yDescription.default': 'Press Enter or Space to select the link. Press Delete to remove it.',
        'controls.ariaLabel': 'Zoom and fit',
        'controls.zoomIn.ariaLabel': 'Zoom in',
        'controls.zoomOut.ariaLabel': 'Zoom out',
        'controls.fitView.ariaLabel': 'Fit the whole drawing in view',
        'handle.ariaLabel': 'Drag from here to another step to link them',
      }}
      aria-label="Theory of change drawing"
    >
      <Background gap={24} color="#dcdcdc" />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

export function Editor(props: EditorProps) {
  return (
    <div className="toc-canvas">
      <ReactFlowProvider>
        <Canvas {...props} />
      </ReactFlowProvider>
    </div>
  );
}
